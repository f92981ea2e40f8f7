/**
 * Public lists skip the posts of soft-deleted authors. Until now every feed row probed `users`
 * (an EXISTS per row: about half of PostgreSQL's CPU on a feed page); the rule now lives on the
 * post as `author_deleted`, kept by triggers whatever code changes a user, and the public list
 * indexes exclude those posts in their predicate, so a page is one index range and nothing else.
 * @param {import('knex').Knex} knex
 */
exports.up = async (knex) => {
  await knex.raw('alter table posts add column author_deleted boolean not null default false');
  await knex.raw(
    'update posts set author_deleted = true from users where users.id = posts.author_id and users.deleted_at is not null',
  );
  await knex.raw(`
    create function posts_follow_author_deleted() returns trigger language plpgsql as $$
    begin
      update posts set author_deleted = (new.deleted_at is not null) where author_id = new.id;
      return null;
    end $$`);
  await knex.raw(`
    create trigger users_deleted_at_to_posts after update of deleted_at on users for each row
    when (old.deleted_at is distinct from new.deleted_at) execute function posts_follow_author_deleted()`);
  await knex.raw(`
    create function posts_author_deleted_on_insert() returns trigger language plpgsql as $$
    begin
      new.author_deleted := exists (select 1 from users where id = new.author_id and deleted_at is not null);
      return new;
    end $$`);
  await knex.raw(`
    create trigger posts_author_deleted_on_insert before insert on posts for each row
    execute function posts_author_deleted_on_insert()`);
  await knex.raw('drop index posts_feed_idx');
  await knex.raw('drop index posts_author_feed_idx');
  await knex.raw(
    "create index posts_feed_idx on posts (published_at desc, id desc) where status = 'published' and deleted_at is null and not author_deleted",
  );
  await knex.raw(
    "create index posts_author_feed_idx on posts (author_id, published_at desc, id desc) where status = 'published' and deleted_at is null and not author_deleted",
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.raw('drop trigger posts_author_deleted_on_insert on posts');
  await knex.raw('drop function posts_author_deleted_on_insert()');
  await knex.raw('drop trigger users_deleted_at_to_posts on users');
  await knex.raw('drop function posts_follow_author_deleted()');
  await knex.raw('drop index posts_feed_idx');
  await knex.raw('drop index posts_author_feed_idx');
  await knex.raw('alter table posts drop column author_deleted');
  await knex.raw(
    "create index posts_feed_idx on posts (published_at desc, id desc) where status = 'published' and deleted_at is null",
  );
  await knex.raw(
    "create index posts_author_feed_idx on posts (author_id, published_at desc, id desc) where status = 'published' and deleted_at is null",
  );
};
