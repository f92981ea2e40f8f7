/** Something that may stop a navigation: a page with unsaved changes. */
export interface Blocker {
  /** Whether it wants to be asked now. */
  active(): boolean;
  /** Asks the person; true lets the navigation go on. */
  confirm(): boolean;
}

/** The router's blockers: a navigation goes on when every active one agrees. */
export class BlockerSet {
  private readonly blockers = new Set<Blocker>();

  add(blocker: Blocker): () => void {
    this.blockers.add(blocker);
    return () => this.blockers.delete(blocker);
  }

  active(): boolean {
    return [...this.blockers].some((blocker) => blocker.active());
  }

  /** Asks each active blocker once (one question is enough: the first "stay" wins). */
  allow(): boolean {
    for (const blocker of this.blockers) {
      if (blocker.active() && !blocker.confirm()) return false;
    }
    return true;
  }
}
