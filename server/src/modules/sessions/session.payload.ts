import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What revokeSession returns.' })
export class RevokeSessionPayload {
  @Field(() => ID, { description: "The ended session's id, for `@deleteEdge`-style updates." })
  revokedSessionId!: string;
}

@ObjectType({ description: 'What revokeAllSessions returns.' })
export class RevokeAllSessionsPayload {
  @Field(() => Int, { description: 'How many sessions ended.' })
  revokedCount!: number;
}
