import { useCallback, useEffect, useState } from 'react';

export interface Draft {
  readonly title: string;
  readonly body: string;
}

export interface StoredDraft extends Draft {
  /** When it was last written (ms since the epoch). */
  readonly savedAt: number;
}

/** How long typing pauses before the draft is written (every keystroke would also do). */
export const DRAFT_SAVE_DELAY_MS = 400;

const storageKey = (scope: string) => `inkwell:draft:${scope}`;

function read(scope: string): StoredDraft | null {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(scope)) ?? 'null') as Partial<StoredDraft> | null;
    if (value && typeof value.title === 'string' && typeof value.body === 'string') {
      return { title: value.title, body: value.body, savedAt: Number(value.savedAt) || 0 };
    }
  } catch {
    // Unreadable or disabled storage: nothing to offer.
  }
  return null;
}

/**
 * A copy of what is being typed in this browser's localStorage, so a crash, a closed tab or an
 * expired session loses nothing. `scope` names the post (and the writer). On mount, a stored
 * copy that differs from `saved` (what the server has) is offered back; `clear` forgets it once
 * the server has the text.
 */
export function useLocalDraft(scope: string, saved: Draft, current: Draft) {
  const [offer, setOffer] = useState<StoredDraft | null>(() => {
    const stored = read(scope);
    return stored && (stored.title !== saved.title || stored.body !== saved.body) ? stored : null;
  });
  const { title, body } = current;
  const { title: savedTitle, body: savedBody } = saved;

  useEffect(() => {
    // While a stored copy is being offered, do not overwrite it with what is on screen.
    if (offer) return;
    const timer = setTimeout(() => {
      try {
        if (title === savedTitle && body === savedBody) localStorage.removeItem(storageKey(scope));
        else localStorage.setItem(storageKey(scope), JSON.stringify({ title, body, savedAt: Date.now() }));
      } catch {
        // Storage full or disabled: the server copy is all there is.
      }
    }, DRAFT_SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [scope, title, body, savedTitle, savedBody, offer]);

  const clear = useCallback(() => {
    try {
      localStorage.removeItem(storageKey(scope));
    } catch {
      // nothing stored
    }
  }, [scope]);

  const dismiss = useCallback(() => {
    clear();
    setOffer(null);
  }, [clear]);

  /** Hands the stored copy over (the caller puts it in the form) and stops offering it. */
  const take = useCallback(() => {
    const draft = offer;
    setOffer(null);
    return draft;
  }, [offer]);

  return { offer, take, dismiss, clear };
}
