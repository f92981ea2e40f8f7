/** The goodbye page's address: it says until when signing in brings the account back. */
export const ACCOUNT_DELETED_PATH = '/account/deleted';

export const accountDeletedHref = (purgeAfter: string) =>
  `${ACCOUNT_DELETED_PATH}?until=${encodeURIComponent(purgeAfter)}`;
