import { Field, ObjectType } from 'type-graphql';

/**
 * The signed-in caller: entry point for everything private to them (`viewer { … }`).
 * Field resolvers (user, currentSession, sessions, posts) live with their features.
 */
@ObjectType('Viewer', { description: 'The signed-in user and what is private to them. Null when anonymous.' })
export class Viewer {
  /** The viewer's user id (database key); not exposed. */
  userId!: string;
  sessionId!: string;
  role!: 'author' | 'admin';

  @Field({ description: "The viewer's own email address (visible to them only)." })
  email!: string;
}
