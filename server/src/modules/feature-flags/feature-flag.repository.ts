import type { Knex } from 'knex';

export interface StoredFlag {
  key: string;
  enabled: boolean;
}

/** The only code that touches feature_flags. A row exists once an admin has set the flag. */
export class FeatureFlagRepository {
  constructor(private readonly db: Knex) {}

  async all(): Promise<StoredFlag[]> {
    return (await this.db('feature_flags').select('key', 'enabled')) as StoredFlag[];
  }

  async upsert(key: string, enabled: boolean, updatedBy: string | null): Promise<void> {
    await this.db('feature_flags')
      .insert({ key, enabled, updated_by: updatedBy, updated_at: this.db.fn.now() })
      .onConflict('key')
      .merge();
  }
}
