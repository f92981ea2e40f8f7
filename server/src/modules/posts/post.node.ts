import type { NodeSource } from '../../platform/graphql/node';
import type { PostService } from './post.service';
import { toPost } from './post.type';
import { POST_TYPE } from './post.record';

/** Posts by global id: what the caller may read (published, or their own), else null. */
export const postNodes = (posts: PostService): NodeSource => ({
  type: POST_TYPE,
  load: async (keys, scope) =>
    (await posts.visibleByIds(keys, scope.principal, scope.loaders)).map((row) => row && toPost(row)),
});
