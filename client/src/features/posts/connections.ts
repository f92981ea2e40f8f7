import { ConnectionHandler, ROOT_ID } from 'relay-runtime';

/** Store ids of the post connections a mutation may need to update. */
export const feedConnectionId = () => ConnectionHandler.getConnectionID(ROOT_ID, 'PostList_posts');
export const myPostsConnectionId = (viewerDataId: string) =>
  ConnectionHandler.getConnectionID(viewerDataId, 'MyPostList_posts');
export const authorPostsConnectionId = (userId: string) =>
  ConnectionHandler.getConnectionID(userId, 'AuthorPostList_posts');
