import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from './user.type';

@InputType()
export class UpdateProfileInput {
  @Field({ description: 'The name shown on your posts: 1-80 characters (trimmed).' })
  displayName!: string;
}

@ObjectType()
export class UpdateProfilePayload {
  @Field(() => User)
  user!: User;
}
