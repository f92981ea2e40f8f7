import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql-context';
import { Post } from '../posts/post.type';
import { PostDayStats } from './post-stats.type';

/** `Post.stats`: the author's view of a post's readership. */
@Resolver(() => Post)
export class PostStatsResolver {
  @FieldResolver(() => [PostDayStats], {
    nullable: true,
    description:
      'Views and distinct visitors per day for the last `days` days, oldest first, today live. Its author only; null for anyone else.',
  })
  async stats(
    @Root() post: Post,
    @Arg('days', () => Int, { defaultValue: 30, description: 'How many days, ending today (1 to 366).' }) days: number,
    @Ctx() context: GraphQLContext,
  ): Promise<PostDayStats[] | null> {
    return context.services.analytics.statsFor(context.principal, post, days);
  }
}
