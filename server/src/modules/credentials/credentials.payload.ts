import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../users/user.type';

@ObjectType({ description: 'The request was accepted; whether mail follows is not disclosed.' })
export class AcceptedPayload {
  @Field({ description: 'Always true.' })
  accepted!: boolean;
}

@ObjectType({ description: 'The password was reset and every session signed out.' })
export class ResetPasswordPayload {
  @Field(() => Int, { description: 'How many sessions were signed out.' })
  revokedSessions!: number;
}

@ObjectType({ description: 'The address is confirmed.' })
export class VerifyEmailPayload {
  @Field(() => User, { description: 'The account whose address was confirmed.' })
  user!: User;
}

@ObjectType({ description: 'What register returns.' })
export class RegisterPayload {
  @Field(() => User, { description: 'The new account.' })
  user!: User;
}
