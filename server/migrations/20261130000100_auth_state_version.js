/**
 * Auth state that must take effect on the next request (issue: role and account changes).
 * `auth_version` grows on every change of token_version, role or account state; the cached
 * state in Redis is written monotonically on it, so a slow writer holding an older read can
 * never put a demoted role back. The two partial indexes serve the revocation-cache rebuild
 * after Redis lost its data: it reads only sessions revoked within an access-token lifetime and
 * users with a session used within it.
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.schema.alterTable('users', (t) => {
    t.integer('auth_version').notNullable().defaultTo(1);
  });
  await knex.raw('create index sessions_revoked_at_idx on sessions (revoked_at) where revoked_at is not null');
  await knex.raw('create index sessions_last_used_live_idx on sessions (last_used_at) where revoked_at is null');
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.raw('drop index if exists sessions_last_used_live_idx');
  await knex.raw('drop index if exists sessions_revoked_at_idx');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('auth_version');
  });
};
