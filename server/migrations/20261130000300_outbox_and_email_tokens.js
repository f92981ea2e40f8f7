/**
 * Background work and mail: the transactional outbox (a row written in the same transaction as
 * the change that asks for a job, relayed to the queue after commit), single-use email tokens
 * (verification, password reset; only a hash is stored), verified addresses, and the daily
 * post statistics folded from Redis.
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.schema.createTable('outbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('queue').notNullable();
    t.text('name').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Set once the job is on the queue; the job id is derived from this row's id.
    t.timestamp('relayed_at', { useTz: true });
    // Set by the job once its side effect (a mail) happened: a re-run skips it.
    t.timestamp('done_at', { useTz: true });
  });
  // The relay and the sweeper read rows not yet relayed, oldest first.
  await knex.raw('create index outbox_pending_idx on outbox (created_at) where relayed_at is null');

  await knex.schema.createTable('email_tokens', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('purpose').notNullable();
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.check("purpose in ('verify_email', 'reset_password')", [], 'email_tokens_purpose_check');
  });
  await knex.raw('create index email_tokens_user_idx on email_tokens (user_id, purpose) where used_at is null');

  await knex.schema.alterTable('users', (t) => {
    t.timestamp('email_verified_at', { useTz: true });
    // Deleted by its owner (restorable by signing in during TRASH_RETENTION), not by an operator.
    t.boolean('deleted_by_owner').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('post_daily_stats', (t) => {
    t.uuid('post_id').notNullable().references('posts.id').onDelete('CASCADE');
    t.date('day').notNullable();
    t.integer('views').notNullable().defaultTo(0);
    t.integer('visitors').notNullable().defaultTo(0);
    t.primary(['post_id', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTable('post_daily_stats');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('email_verified_at');
    t.dropColumn('deleted_by_owner');
  });
  await knex.schema.dropTable('email_tokens');
  await knex.schema.dropTable('outbox');
};
