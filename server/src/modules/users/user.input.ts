import { Field, InputType } from 'type-graphql';

@InputType({ description: 'What `updateProfile` changes.' })
export class UpdateProfileInput {
  @Field({ description: 'The name shown on your posts: 1-80 characters (trimmed).' })
  displayName!: string;
}
