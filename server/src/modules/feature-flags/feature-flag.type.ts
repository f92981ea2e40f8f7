import { Field, InputType, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A feature switched on or off at runtime.' })
export class FeatureFlag {
  @Field({ description: "The flag's name, e.g. `registration`." })
  key!: string;

  @Field({ description: 'Whether the feature is on.' })
  enabled!: boolean;

  @Field({ description: 'What the flag gates.' })
  description!: string;
}

// A shape only: FeatureFlagService checks it (featureFlagCommands).
@InputType({ description: 'What setFeatureFlag needs.' })
export class SetFeatureFlagInput {
  @Field({ description: "The flag's name." })
  key!: string;

  @Field({ description: 'On (true) or off (false).' })
  enabled!: boolean;
}

@ObjectType({ description: 'What setFeatureFlag returns.' })
export class SetFeatureFlagPayload {
  @Field(() => FeatureFlag, { description: 'The flag as it is now.' })
  featureFlag!: FeatureFlag;
}
