import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AppError } from '../../platform/errors/app-error';
import { requireViewer } from '../../platform/graphql/auth';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { GraphQLContext } from '../../platform/graphql/context';
import { expectGlobalId, toGlobalId } from '../../platform/graphql/relay-id';
import { nodesSelect } from '../../platform/graphql/selection';
import { toUser, User } from '../users/user.type';
import {
  CreatePostInput,
  CreatePostPayload,
  DeletePostInput,
  DeletePostPayload,
  PostBySlugArgs,
  RestorePostInput,
  RestorePostPayload,
  UpdatePostInput,
  UpdatePostPayload,
} from './post.inputs';
import { Post, POST_TYPE, PostConnection, toPost, toPostConnection, toStatusValue } from './post.type';

/** The GraphQL door of posts: parse ids, call PostService, map. Rules live in the service. */
@Resolver(() => Post)
export class PostResolver {
  @Query(() => PostConnection, { description: 'Published posts, newest first.' })
  async posts(
    @Args(() => ConnectionArgs, { validate: false }) args: ConnectionArgs,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PostConnection> {
    return toPostConnection(await context.services.posts.feed(args, context.loaders, nodesSelect(info, 'body')));
  }

  @Query(() => Post, { nullable: true, description: 'A post by slug; drafts and trash only for their author.' })
  async post(
    @Args(() => PostBySlugArgs) { slug }: PostBySlugArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<Post | null> {
    const post = await context.services.posts.bySlug(slug, context.viewer);
    return post ? toPost(post) : null;
  }

  /** Lists read no bodies: a body asked for on a list item is loaded (one statement per page). */
  @FieldResolver(() => String)
  body(@Root() post: Post, @Ctx() context: GraphQLContext): string | Promise<string> {
    return post.body ?? context.services.posts.bodyOf(post.postId, context.loaders);
  }

  @FieldResolver(() => User)
  async author(@Root() post: Post, @Ctx() context: GraphQLContext): Promise<User> {
    const author = await context.services.users.byId(post.authorId, context.loaders);
    if (!author) throw new AppError('NOT_FOUND', 'The author of this post is gone.');
    return toUser(author);
  }

  @Authorized()
  @Mutation(() => CreatePostPayload)
  async createPost(
    @Arg('input', () => CreatePostInput) input: CreatePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CreatePostPayload> {
    const posts = context.services.posts;
    const post = await posts.create(requireViewer(context), {
      title: input.title,
      body: input.body,
      status: input.status && toStatusValue(input.status),
    });
    const node = toPost(post);
    return { post: node, postEdge: { cursor: posts.ownCursor(post), node } };
  }

  @Authorized()
  @Mutation(() => UpdatePostPayload)
  async updatePost(
    @Arg('input', () => UpdatePostInput) input: UpdatePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdatePostPayload> {
    const post = await context.services.posts.update(requireViewer(context), expectGlobalId(input.id, POST_TYPE), {
      title: input.title,
      body: input.body,
      status: input.status && toStatusValue(input.status),
    });
    return { post: toPost(post) };
  }

  @Authorized()
  @Mutation(() => DeletePostPayload, { description: 'Moves a post to the trash; its author can restore it.' })
  async deletePost(
    @Arg('input', () => DeletePostInput) input: DeletePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DeletePostPayload> {
    const post = await context.services.posts.remove(requireViewer(context), expectGlobalId(input.id, POST_TYPE));
    return { deletedPostId: toGlobalId(POST_TYPE, post.id) };
  }

  @Authorized()
  @Mutation(() => RestorePostPayload)
  async restorePost(
    @Arg('input', () => RestorePostInput) input: RestorePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RestorePostPayload> {
    const post = await context.services.posts.restore(requireViewer(context), expectGlobalId(input.id, POST_TYPE));
    return { post: toPost(post) };
  }
}
