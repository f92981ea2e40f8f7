import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql-context';
import { toUser, User } from '../users/user.type';
import { Viewer } from './viewer.type';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { nullable: true, description: 'The signed-in caller; null when anonymous.' })
  async viewer(@Ctx() context: GraphQLContext): Promise<Viewer | null> {
    if (context.authError) throw context.authError;
    if (!context.principal) return null;
    const user = await context.services.users.byId(context.principal.userId, context.loaders);
    if (!user) return null;
    return Object.assign(new Viewer(), { ...context.principal, email: user.email });
  }

  @FieldResolver(() => User, { description: 'Your public profile.' })
  async user(@Root() viewer: Viewer, @Ctx() context: GraphQLContext): Promise<User> {
    const user = await context.services.users.byId(viewer.userId, context.loaders);
    return toUser(user!);
  }
}
