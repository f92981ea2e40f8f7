import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@InputType()
export class RevokeSessionInput {
  @Field(() => ID)
  sessionId!: string;
}

@ObjectType()
export class RevokeSessionPayload {
  @Field(() => ID)
  revokedSessionId!: string;
}

@InputType()
export class RevokeAllSessionsInput {
  @Field({ nullable: true, defaultValue: false, description: 'Also end the session making this request.' })
  includeCurrent?: boolean;
}

@ObjectType()
export class RevokeAllSessionsPayload {
  @Field(() => Int)
  revokedCount!: number;
}
