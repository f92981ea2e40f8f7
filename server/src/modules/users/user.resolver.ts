import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import type { GraphQLContext } from '../../graphql-context';
import { UpdateProfileInput } from './user.input';
import { UpdateProfilePayload } from './user.payload';
import { toUser } from './user.type';

/** The GraphQL door of profile changes: UserService decides. */
@Resolver()
export class UserResolver {
  @Authorized()
  @Mutation(() => UpdateProfilePayload, { description: "Changes the signed-in writer's display name." })
  async updateProfile(
    @Arg('input', () => UpdateProfileInput, { description: 'The profile fields to change.' }) input: UpdateProfileInput,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdateProfilePayload> {
    const user = await context.services.users.changeDisplayName(requirePrincipal(context).userId, input.displayName);
    return { user: toUser(user) };
  }
}
