/** Posts per page in every list (the first page and each "load more"). */
export const FEED_PAGE_SIZE = 10;
