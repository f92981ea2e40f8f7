import { Field, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'Delete the signed-in account (undo by signing in within the grace period).' })
export class DeleteAccountInput {
  @Field({ description: 'The current password, asked again.' })
  password!: string;
}

@ObjectType({ description: 'The account is deleted; signing in before `purgeAfter` brings it back.' })
export class DeleteAccountPayload {
  @Field(() => Int, { description: 'How many sessions were signed out.' })
  revokedSessions!: number;

  @Field(() => Date, { description: 'When the account and everything that belongs to it are purged for good.' })
  purgeAfter!: Date;
}
