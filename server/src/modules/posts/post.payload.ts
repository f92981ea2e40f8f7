import { Field, ID, ObjectType } from 'type-graphql';
import { Post, PostEdge } from './post.type';

@ObjectType({ description: 'What createPost returns.' })
export class CreatePostPayload {
  @Field(() => Post, { description: 'The new post.' })
  post!: Post;

  @Field(() => PostEdge, { description: 'The new post as an edge of `viewer.posts`, for `@prependEdge`.' })
  postEdge!: PostEdge;
}

@ObjectType({ description: 'What updatePost returns.' })
export class UpdatePostPayload {
  @Field(() => Post, { description: 'The post as it is now.' })
  post!: Post;
}

@ObjectType({ description: 'What deletePost returns.' })
export class DeletePostPayload {
  @Field(() => ID, { description: 'For `@deleteEdge`.' })
  deletedPostId!: string;
}

@ObjectType({ description: 'What restorePost returns.' })
export class RestorePostPayload {
  @Field(() => Post, { description: 'The post, out of the trash.' })
  post!: Post;
}
