import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'What revokeSession needs.' })
export class RevokeSessionInput {
  @Field(() => ID, { description: 'The global id of one of your sessions.' })
  sessionId!: string;
}

@ObjectType({ description: 'What revokeSession returns.' })
export class RevokeSessionPayload {
  @Field(() => ID, { description: "The ended session's id, for `@deleteEdge`-style updates." })
  revokedSessionId!: string;
}

@InputType({ description: 'What revokeAllSessions needs.' })
export class RevokeAllSessionsInput {
  @Field({ nullable: true, defaultValue: false, description: 'Also end the session making this request.' })
  includeCurrent?: boolean;
}

@ObjectType({ description: 'What revokeAllSessions returns.' })
export class RevokeAllSessionsPayload {
  @Field(() => Int, { description: 'How many sessions ended.' })
  revokedCount!: number;
}
