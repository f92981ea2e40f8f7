import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { GraphQLContext } from '../../graphql-context';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import { nodesSelect } from '../../platform/graphql/selection';
import { Viewer } from '../auth/viewer.type';
import { User } from '../users/user.type';
import { ViewerPostsArgs } from './post.input';
import { authorSource, toConnectionWithAuthors } from './post-authors';
import { PostConnection, toStatusValue } from './post.type';

/** `User.posts`: an author's published posts, newest first. */
@Resolver(() => User)
export class UserPostsResolver {
  @FieldResolver(() => PostConnection, { description: 'Published posts by this user, newest first.' })
  async posts(
    @Root() user: User,
    @Args(() => ConnectionArgs, { validate: false }) args: ConnectionArgs,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const authors = nodesSelect(info, 'author');
    const read = { body: nodesSelect(info, 'body'), authors };
    const page = await context.services.posts.byAuthor(user.userId, args, context.loaders, read);
    return toConnectionWithAuthors(page, authorSource(context), authors);
  }
}

/** `viewer.posts`: everything the viewer wrote, drafts included, newest first; or the trash. */
@Resolver(() => Viewer)
export class ViewerPostsResolver {
  @FieldResolver(() => PostConnection, {
    description: 'Your posts (drafts included), newest created first; `trashed: true` lists the trash.',
  })
  async posts(
    @Root() _viewer: Viewer,
    @Args(() => ViewerPostsArgs) args: ViewerPostsArgs,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const { trashed, status, ...page } = args;
    const filter = { trashed, status: status ? toStatusValue(status) : undefined };
    const viewer = requirePrincipal(context);
    const posts = context.services.posts;
    const mine = await posts.mine(viewer, page, filter, context.loaders, { body: nodesSelect(info, 'body') });
    return toConnectionWithAuthors(mine, authorSource(context), nodesSelect(info, 'author'));
  }
}
