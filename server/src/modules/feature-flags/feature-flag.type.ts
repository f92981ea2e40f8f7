import { Field, InputType, ObjectType } from 'type-graphql';
import { IsBoolean, IsString, MaxLength } from 'class-validator';

@ObjectType({ description: 'A feature switched on or off at runtime.' })
export class FeatureFlag {
  @Field()
  key!: string;

  @Field()
  enabled!: boolean;

  @Field({ description: 'What the flag gates.' })
  description!: string;
}

@InputType()
export class SetFeatureFlagInput {
  @Field()
  @IsString()
  @MaxLength(64)
  key!: string;

  @Field()
  @IsBoolean()
  enabled!: boolean;
}

@ObjectType()
export class SetFeatureFlagPayload {
  @Field(() => FeatureFlag)
  featureFlag!: FeatureFlag;
}
