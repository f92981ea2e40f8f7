import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../platform/graphql/node';
import { toGlobalId } from '../../platform/ids/global-id';
import type { PublicUserRecord } from './user.record';

export const USER_TYPE = 'User';

// simpleResolvers: plain data fields, no auth or middleware, so no per-field wrapper (a feed
// resolves an author per post). Field resolvers of other modules (User.posts) keep theirs.
@ObjectType(USER_TYPE, {
  implements: Node,
  description: 'An author. Only public fields: no email here.',
  simpleResolvers: true,
})
export class User implements Node {
  @Field(() => ID, { description: 'Opaque global id; refetch it with node(id:).' })
  id!: string;

  @Field({ description: "The name shown on the user's posts." })
  displayName!: string;

  @Field(() => Date, { description: 'When the account was created.' })
  createdAt!: Date;

  /** The database key, for resolvers of other features (never exposed). */
  userId!: string;
}

/** Response mapper: whitelists the public fields of a user record. */
export function toUser(record: PublicUserRecord): User {
  return Object.assign(new User(), {
    id: toGlobalId(USER_TYPE, record.id),
    userId: record.id,
    displayName: record.displayName,
    createdAt: record.createdAt,
  });
}
