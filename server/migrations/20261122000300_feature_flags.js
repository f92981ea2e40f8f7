/**
 * Feature flags changed at runtime. A flag without a row takes its default from the
 * environment (FEATURE_<KEY>), so a row exists only once an admin has set it.
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.schema.createTable('feature_flags', (t) => {
    t.text('key').primary();
    t.boolean('enabled').notNullable();
    t.uuid('updated_by').references('users.id').onDelete('SET NULL');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTable('feature_flags');
};
