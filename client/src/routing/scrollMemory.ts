const STORAGE_KEY = 'inkwell:scroll';
const MAX_ENTRIES = 50;
/** How long a restore keeps trying while the page is still too short (data arriving). */
const RESTORE_WINDOW_MS = 1_500;

/**
 * Scroll positions per history entry, kept in sessionStorage (they survive a reload of the
 * tab, like the browser's own restoration, which we turn off because it runs before our
 * content exists). A new entry starts at the top; Back/Forward returns to the saved position.
 */
export class ScrollMemory {
  private positions = new Map<string, number>();
  private cancel: (() => void) | null = null;

  constructor() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]') as [string, number][];
      this.positions = new Map(saved.filter(([key, y]) => typeof key === 'string' && typeof y === 'number'));
    } catch {
      this.positions = new Map();
    }
  }

  /** Takes over from the browser and records the current entry's position as the reader scrolls. */
  install(currentKey: () => string): () => void {
    const previous = window.history.scrollRestoration;
    window.history.scrollRestoration = 'manual';
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        this.save(currentKey());
      });
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
      window.history.scrollRestoration = previous;
    };
  }

  save(key: string): void {
    this.positions.delete(key);
    this.positions.set(key, window.scrollY);
    while (this.positions.size > MAX_ENTRIES) this.positions.delete(this.positions.keys().next().value!);
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...this.positions]));
    } catch {
      // Storage full or disabled: positions live for this page only.
    }
  }

  /** Scrolls to the entry's saved position (or the top), retrying while the page is too short. */
  restore(key: string): void {
    this.cancel?.();
    const y = this.positions.get(key) ?? 0;
    const started = Date.now();
    let frame = 0;
    const attempt = () => {
      window.scrollTo?.(0, y);
      const reachable = y <= 0 || document.documentElement.scrollHeight - window.innerHeight >= y;
      if (!reachable && Date.now() - started < RESTORE_WINDOW_MS) frame = requestAnimationFrame(attempt);
    };
    attempt();
    this.cancel = () => cancelAnimationFrame(frame);
  }
}
