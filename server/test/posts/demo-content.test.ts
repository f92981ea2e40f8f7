import { createLogger } from '../../src/platform/observability/logger';
import { DEMO_AUTHOR, seedDemoContent } from '../../src/modules/posts/demo-content';
import { PostRepository } from '../../src/modules/posts/post.repository';
import { UserRepository } from '../../src/modules/users/user.repository';
import { LogCapture } from '../support/log-capture';
import { startTestApp } from '../support/test-app';

describe('embedded demo content', () => {
  it('creates a demo author and a dozen published posts once, and the author can sign in', async () => {
    const t = await startTestApp();
    try {
      const deps = {
        users: new UserRepository(t.db),
        posts: new PostRepository(t.db),
        logger: createLogger('silent', new LogCapture()),
      };
      await seedDemoContent(deps);
      await seedDemoContent(deps);
      const author = await t.db('users').where({ email: DEMO_AUTHOR.email }).first();
      const posts = await t.db('posts').where({ author_id: author.id });
      expect(posts).toHaveLength(12);
      expect(posts.every((post: { status: string }) => post.status === 'published')).toBe(true);
      const login = await t
        .http()
        .post('/api/v1/auth/token/')
        .send({ email: DEMO_AUTHOR.email, password: DEMO_AUTHOR.password });
      expect(login.status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('runs on start only in embedded mode', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.services.onStart === undefined).toBe(!t.config.embedded.database);
    } finally {
      await t.close();
    }
  });
});
