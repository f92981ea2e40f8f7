import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../platform/graphql/connection';
import { MAX_BODY_BYTES, MAX_TITLE_LENGTH } from './post.commands';
import { PostStatus } from './post.type';

// Shapes only: the rules (lengths, sizes, blank titles) are post.commands.ts's, checked by the service.

@InputType({ description: 'What createPost needs.' })
export class CreatePostInput {
  @Field({ description: `1-${MAX_TITLE_LENGTH} characters.` })
  title!: string;

  @Field({ description: `Markdown, at most ${MAX_BODY_BYTES} bytes.` })
  body!: string;

  @Field(() => PostStatus, {
    nullable: true,
    defaultValue: PostStatus.DRAFT,
    description: 'DRAFT (default) or PUBLISHED.',
  })
  status?: PostStatus;
}

@InputType({ description: 'What updatePost needs: the id and only the fields to change.' })
export class UpdatePostInput {
  @Field(() => ID, { description: "The post's global id." })
  id!: string;

  @Field({ nullable: true, description: 'A new title (the slug stays as it was).' })
  title?: string;

  @Field({ nullable: true, description: 'A new Markdown body.' })
  body?: string;

  @Field(() => PostStatus, { nullable: true, description: 'Publish (PUBLISHED) or unpublish (DRAFT).' })
  status?: PostStatus;
}

@InputType({ description: 'What deletePost needs.' })
export class DeletePostInput {
  @Field(() => ID, { description: "The post's global id." })
  id!: string;
}

@InputType({ description: 'What restorePost needs.' })
export class RestorePostInput {
  @Field(() => ID, { description: 'The global id of a post in your trash.' })
  id!: string;
}

@ArgsType()
export class ViewerPostsArgs extends ConnectionArgs {
  @Field({ defaultValue: false, description: 'True lists the trash (soft-deleted posts) instead.' })
  trashed!: boolean;

  @Field(() => PostStatus, { nullable: true, description: 'Only drafts, or only published posts.' })
  status?: PostStatus | null;
}

@ArgsType()
export class PostBySlugArgs {
  @Field({ description: "The post's slug (from its URL)." })
  slug!: string;
}

@ArgsType()
export class PreviewMarkdownArgs {
  @Field({ description: `Markdown, at most ${MAX_BODY_BYTES} bytes (as a post body).` })
  markdown!: string;
}
