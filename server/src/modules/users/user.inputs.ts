import { Field, InputType, ObjectType } from 'type-graphql';
import { User } from './user.type';

@InputType({ description: 'What `updateProfile` changes.' })
export class UpdateProfileInput {
  @Field({ description: 'The name shown on your posts: 1-80 characters (trimmed).' })
  displayName!: string;
}

@ObjectType({ description: 'The result of `updateProfile`.' })
export class UpdateProfilePayload {
  @Field(() => User, { description: 'The writer, with the new display name.' })
  user!: User;
}
