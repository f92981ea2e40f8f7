import type { Knex } from 'knex';

export interface DayStats {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  views: number;
  visitors: number;
}

/** The folded daily numbers of posts (post_daily_stats). */
export class PostStatsRepository {
  constructor(private readonly db: Knex) {}

  /** Writes absolute numbers (not increments): folding the same day twice changes nothing. */
  async upsert(rows: readonly (DayStats & { postId: string })[]): Promise<void> {
    if (rows.length === 0) return;
    // Posts purged since their views were counted are skipped (the join drops them).
    await this.db.raw(
      `insert into post_daily_stats (post_id, day, views, visitors)
       select v.post_id::uuid, v.day::date, v.views::int, v.visitors::int
       from jsonb_to_recordset(?::jsonb) as v(post_id text, day text, views int, visitors int)
       join posts p on p.id = v.post_id::uuid
       on conflict (post_id, day) do update set views = excluded.views, visitors = excluded.visitors`,
      [
        JSON.stringify(
          rows.map((row) => ({ post_id: row.postId, day: row.day, views: row.views, visitors: row.visitors })),
        ),
      ],
    );
  }

  async range(postId: string, fromDay: string, toDay: string): Promise<DayStats[]> {
    const rows = (await this.db('post_daily_stats')
      .select(this.db.raw("to_char(day, 'YYYY-MM-DD') as day"), 'views', 'visitors')
      .where({ post_id: postId })
      .whereBetween('day', [fromDay, toDay])
      .orderBy('day')) as DayStats[];
    return rows;
  }
}
