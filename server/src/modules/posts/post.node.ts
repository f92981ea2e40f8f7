import type { NodeSource } from '../../platform/graphql/node';
import type { UserService } from '../users/user.service';
import { withAuthors } from './post-authors';
import type { PostService } from './post.service';
import { POST_TYPE } from './post.record';

/** Posts by global id, with their authors: what the caller may read (published, or their own), else null. */
export const postNodes = (posts: PostService, users: UserService): NodeSource => ({
  type: POST_TYPE,
  load: async (keys, scope) =>
    withAuthors(await posts.visibleByIds(keys, scope.principal, scope.loaders), { users, loaders: scope.loaders }),
});
