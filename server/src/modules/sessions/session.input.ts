import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'What revokeSession needs.' })
export class RevokeSessionInput {
  @Field(() => ID, { description: 'The global id of one of your sessions.' })
  sessionId!: string;
}

@InputType({ description: 'What revokeAllSessions needs.' })
export class RevokeAllSessionsInput {
  @Field({ nullable: true, defaultValue: false, description: 'Also end the session making this request.' })
  includeCurrent?: boolean;
}
