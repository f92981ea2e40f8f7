import { Field, ObjectType } from 'type-graphql';
import { User } from './user.type';

@ObjectType({ description: 'The result of `updateProfile`.' })
export class UpdateProfilePayload {
  @Field(() => User, { description: 'The writer, with the new display name.' })
  user!: User;
}
