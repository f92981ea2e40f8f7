import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import type { GraphQLContext } from '../../graphql-context';
import { FeatureFlag, SetFeatureFlagInput, SetFeatureFlagPayload } from './feature-flag.type';

@Resolver()
export class FeatureFlagResolver {
  @Query(() => [FeatureFlag], {
    description: 'Every feature flag and whether it is on (public: clients hide what is off).',
  })
  featureFlags(@Ctx() context: GraphQLContext): Promise<FeatureFlag[]> {
    return context.services.featureFlags.list();
  }

  @Authorized('admin')
  @Mutation(() => SetFeatureFlagPayload, { description: 'Admins only. Takes effect on every replica within seconds.' })
  async setFeatureFlag(
    @Arg('input', () => SetFeatureFlagInput, { description: 'The flag and its new value.' }) input: SetFeatureFlagInput,
    @Ctx() context: GraphQLContext,
  ): Promise<SetFeatureFlagPayload> {
    const featureFlag = await context.services.featureFlags.set(requirePrincipal(context), input.key, input.enabled);
    return { featureFlag };
  }
}
