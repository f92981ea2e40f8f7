/**
 * Posts. Timestamps keep millisecond precision (timestamptz(3)) so a keyset cursor built from
 * a JavaScript Date compares exactly with the stored value.
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.schema.createTable('posts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('author_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('title').notNullable();
    t.text('slug').notNullable();
    t.text('body').notNullable();
    t.text('excerpt').notNullable().defaultTo('');
    t.text('status').notNullable().defaultTo('draft');
    t.timestamp('published_at', { useTz: true, precision: 3 });
    t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deleted_at', { useTz: true, precision: 3 });
    t.check("status in ('draft', 'published')", [], 'posts_status_check');
    t.check("status = 'draft' or published_at is not null", [], 'posts_published_at_check');
  });
  // Across every post, trash included, so restoring never collides.
  await knex.raw('create unique index posts_slug_unique on posts (slug)');
  // The public feed: published, not deleted, newest first (keyset on published_at, id).
  await knex.raw(
    "create index posts_feed_idx on posts (published_at desc, id desc) where status = 'published' and deleted_at is null",
  );
  // An author's public page (User.posts).
  await knex.raw(
    "create index posts_author_feed_idx on posts (author_id, published_at desc, id desc) where status = 'published' and deleted_at is null",
  );
  // The author's own list (viewer.posts: drafts and trash included).
  await knex.raw('create index posts_author_all_idx on posts (author_id, created_at desc, id desc)');
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTable('posts');
};
