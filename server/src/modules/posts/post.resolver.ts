import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePrincipal } from '../../platform/request-scope/request-scope';
import { ConnectionArgs } from '../../platform/graphql/connection';
import type { GraphQLContext } from '../../graphql-context';
import { expectGlobalId, toGlobalId } from '../../platform/ids/global-id';
import { nodesSelect, selectsPath } from '../../platform/graphql/selection';
import {
  CreatePostInput,
  DeletePostInput,
  PostBySlugArgs,
  PreviewMarkdownArgs,
  RestorePostInput,
  UpdatePostInput,
} from './post.input';
import { CreatePostPayload, DeletePostPayload, RestorePostPayload, UpdatePostPayload } from './post.payload';
import { postPath, readingMinutes } from './post.text';
import { authorSource, toConnectionWithAuthors, withAuthor, writtenWithAuthor } from './post-authors';
import { Post, PostConnection, toStatusValue } from './post.type';
import { POST_TYPE } from './post.record';

const PREVIEW_LIMIT = { name: 'markdown-preview', max: 60, windowSeconds: 60 };

/** The GraphQL door of posts: parse ids, call PostService, map. Rules live in the service. */
@Resolver(() => Post)
export class PostResolver {
  @Query(() => PostConnection, { description: 'Published posts, newest first.' })
  async posts(
    @Args(() => ConnectionArgs, { validate: false }) args: ConnectionArgs,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PostConnection> {
    const authors = nodesSelect(info, 'author');
    const page = await context.services.posts.feed(args, context.loaders, { body: nodesSelect(info, 'body'), authors });
    return toConnectionWithAuthors(page, authorSource(context), authors);
  }

  @Query(() => Post, { nullable: true, description: 'A post by slug; drafts and trash only for their author.' })
  async post(
    @Args(() => PostBySlugArgs) { slug }: PostBySlugArgs,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Post | null> {
    const post = await context.services.posts.askBySlug(slug, context.principal);
    return post && withAuthor(post, authorSource(context), selectsPath(info, ['author']));
  }

  @Authorized()
  @Query(() => String, {
    description: 'The sanitised HTML a Markdown body would get (`Post.bodyHTML`), without saving it: for previews.',
  })
  async previewMarkdown(
    @Args(() => PreviewMarkdownArgs) { markdown }: PreviewMarkdownArgs,
    @Ctx() context: GraphQLContext,
  ): Promise<string> {
    // Rendering a pathological 100 kB body costs up to a few hundred ms of CPU: a writer's
    // preview is a few a minute, a loop calling it is not.
    const subject = requirePrincipal(context).userId;
    return context.services.posts.preview(markdown, () =>
      context.services.rateLimiter.consume(PREVIEW_LIMIT, { ip: context.req.ip ?? 'unknown', subject }),
    );
  }

  @FieldResolver(() => String, {
    description:
      'The body rendered from Markdown to sanitised HTML (no script, event handler, style, iframe or ' +
      'javascript:/data: URL; headings with anchors; external links rel="noopener noreferrer nofollow").',
  })
  bodyHTML(@Root() post: Post, @Ctx() context: GraphQLContext): Promise<string> {
    return context.services.posts.html(
      { id: post.postId, body: post.body, rendering: post.rendering },
      context.loaders,
    );
  }

  @FieldResolver(() => Int, { description: 'Estimated minutes to read the body (at least 1).' })
  async readingTimeMinutes(@Root() post: Post, @Ctx() context: GraphQLContext): Promise<number> {
    return readingMinutes(post.body ?? (await context.services.posts.bodyOf(post.postId, context.loaders)));
  }

  @FieldResolver(() => String, { description: "The absolute URL of the post's page (under PUBLIC_URL)." })
  url(@Root() post: Post, @Ctx() context: GraphQLContext): string {
    return context.services.config.publicUrl + postPath(post.slug);
  }

  /** Lists read no bodies: a body asked for on a list item is loaded (one statement per page). */
  @FieldResolver(() => String)
  body(@Root() post: Post, @Ctx() context: GraphQLContext): string | Promise<string> {
    return post.body ?? context.services.posts.bodyOf(post.postId, context.loaders);
  }

  @Authorized()
  @Mutation(() => CreatePostPayload, { description: 'Writes a post (a draft unless status is PUBLISHED).' })
  async createPost(
    @Arg('input', () => CreatePostInput, { description: 'The new post.' }) input: CreatePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CreatePostPayload> {
    const posts = context.services.posts;
    const post = await posts.create(requirePrincipal(context), {
      title: input.title,
      body: input.body,
      status: input.status && toStatusValue(input.status),
    });
    const node = await writtenWithAuthor(post, authorSource(context));
    return { post: node, postEdge: { cursor: posts.ownCursor(post), node } };
  }

  @Authorized()
  @Mutation(() => UpdatePostPayload, { description: "Changes a post of yours (admins: anyone's)." })
  async updatePost(
    @Arg('input', () => UpdatePostInput, { description: 'The post and the fields to change.' }) input: UpdatePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdatePostPayload> {
    const post = await context.services.posts.update(requirePrincipal(context), expectGlobalId(input.id, POST_TYPE), {
      title: input.title,
      body: input.body,
      status: input.status && toStatusValue(input.status),
    });
    return { post: await writtenWithAuthor(post, authorSource(context)) };
  }

  @Authorized()
  @Mutation(() => DeletePostPayload, { description: 'Moves a post to the trash; its author can restore it.' })
  async deletePost(
    @Arg('input', () => DeletePostInput, { description: 'The post to move to the trash.' }) input: DeletePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<DeletePostPayload> {
    const post = await context.services.posts.remove(requirePrincipal(context), expectGlobalId(input.id, POST_TYPE));
    return { deletedPostId: toGlobalId(POST_TYPE, post.id) };
  }

  @Authorized()
  @Mutation(() => RestorePostPayload, { description: 'Brings a post of yours back from the trash.' })
  async restorePost(
    @Arg('input', () => RestorePostInput, { description: 'The post to restore.' }) input: RestorePostInput,
    @Ctx() context: GraphQLContext,
  ): Promise<RestorePostPayload> {
    const post = await context.services.posts.restore(requirePrincipal(context), expectGlobalId(input.id, POST_TYPE));
    return { post: await writtenWithAuthor(post, authorSource(context)) };
  }
}
