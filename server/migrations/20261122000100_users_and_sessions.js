/**
 * Users and their sessions (one row per login). No raw token is ever stored: a session keeps
 * hashes of its current and previous refresh-token ids (jti) for atomic rotation.
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    // An integer bumped on password change: every token carries it, a stale one is refused.
    t.integer('token_version').notNullable().defaultTo(1);
    t.text('role').notNullable().defaultTo('author');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true });
    t.check("role in ('author', 'admin')", [], 'users_role_check');
  });
  // Case-insensitive uniqueness; login looks users up by lower(email) through this index.
  await knex.raw('create unique index users_email_lower_unique on users (lower(email))');

  await knex.schema.createTable('sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('device').notNullable();
    t.text('user_agent');
    t.text('ip_address');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Absolute end of the session, counted from login; rotation never moves it.
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_reason');
    t.text('current_jti_hash').notNullable();
    t.text('previous_jti_hash');
    t.timestamp('rotated_at', { useTz: true });
  });
  // Listing a user's live sessions and evicting the oldest beyond the cap.
  await knex.raw(
    'create index sessions_user_active_idx on sessions (user_id, created_at desc) where revoked_at is null',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
};
