/**
 * The rendered body of a post, stored so that reads never render: written by PostService on
 * every create and update, together with the renderer version that produced it. Rows from
 * before this migration (version 0, no HTML) and rows of an older renderer version are rendered
 * again by PostService when the server starts (the renderer is TypeScript, not available here).
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.schema.alterTable('posts', (t) => {
    t.text('body_html');
    t.smallint('body_html_version').notNullable().defaultTo(0);
  });
  await knex.raw('create index posts_body_html_stale_idx on posts (body_html_version, id)');
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.alterTable('posts', (t) => {
    t.dropIndex([], 'posts_body_html_stale_idx');
    t.dropColumn('body_html');
    t.dropColumn('body_html_version');
  });
};
