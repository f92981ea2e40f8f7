/**
 * Who is calling, once auth has checked the credential (an access token or a personal access
 * token). Not the GraphQL `Viewer` type (modules/auth/viewer.type.ts), which is what a client may
 * read about itself; this is what the server trusts about the caller for one request.
 */
export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: 'author' | 'admin';
  /**
   * false when the credential may not read the user's private posts (drafts, trash): a personal
   * access token without READ_POSTS. Absent (a session): it may.
   */
  readonly readsPrivatePosts?: boolean;
}
