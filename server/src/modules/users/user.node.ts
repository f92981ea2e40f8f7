import type { NodeSource } from '../../platform/graphql/node';
import type { UserService } from './user.service';
import { toUser, USER_TYPE } from './user.type';

/** Users by global id. Users are public (display name, posts); soft-deleted ones resolve to null. */
export const userNodes = (users: UserService): NodeSource => ({
  type: USER_TYPE,
  load: async (keys, scope) => {
    const loader = users.loader(scope.loaders);
    return (await Promise.all(keys.map((key) => loader.load(key)))).map((row) => row && toUser(row));
  },
});
