import { withApp } from '../support/test-app';

describe('GraphiQL, self-hosted behind GRAPHQL_SANDBOX', () => {
  it('with the sandbox on, serves GraphiQL and every file it loads from Inkwell itself', () =>
    withApp({ GRAPHQL_SANDBOX: 'true' }, async (t) => {
      const page = await t.http().get('/api/v1/graphiql/');
      const urls = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);

      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(urls.sort()).toEqual([
        'graphiql.min.css',
        'graphiql.min.js',
        'init.js',
        'react-dom.production.min.js',
        'react.production.min.js',
      ]);
      for (const url of urls) {
        const asset = await t.http().get(`/api/v1/graphiql/${url}`);
        expect([url, asset.status, asset.text.length > 0]).toEqual([url, 200, true]);
      }
      const init = await t.http().get('/api/v1/graphiql/init.js');
      expect(init.text).toContain("url: '../graphql'");
      expect(init.text).not.toMatch(/https?:/);
      expect((await t.http().get('/api/v1/graphiql')).headers.location).toBe('/api/v1/graphiql/');
      expect((await t.http().get('/api/v1/graphiql/package.json')).status).toBe(404);
    }));

  it('the bundle GraphiQL runs on is the React its UMD build expects (18, with UMD files)', () =>
    withApp({ GRAPHQL_SANDBOX: 'true' }, async (t) => {
      const react = await t.http().get('/api/v1/graphiql/react.production.min.js');

      expect(react.text).toContain('version="18.');
    }));

  it('with the sandbox off (production default), there is no GraphiQL', () =>
    withApp({ GRAPHQL_SANDBOX: 'false' }, async (t) => {
      const res = await t.http().get('/api/v1/graphiql/');

      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }));
});
