import { gql, signUp, type SignedIn } from '../support/auth';
import { fromGlobalId } from '../../src/platform/ids/global-id';
import { startReplica, startTestApp, type Replica, type TestApp } from '../support/test-app';
import { GENEROUS_LIMITS } from '../posts/posts-support';

const CREATE = `mutation Create($input: CreatePersonalAccessTokenInput!) {
  createPersonalAccessToken(input: $input) { token personalAccessToken { id name scopes createdAt lastUsedAt expiresAt } }
}`;
const REVOKE = `mutation Revoke($input: RevokePersonalAccessTokenInput!) {
  revokePersonalAccessToken(input: $input) { revokedPersonalAccessTokenId }
}`;
const CREATE_POST = `mutation Post($input: CreatePostInput!) { createPost(input: $input) { post { id title } } }`;

type Scope = 'READ_POSTS' | 'WRITE_POSTS' | 'READ_ACCOUNT';

describe('personal access tokens', () => {
  let t: TestApp;
  let owner: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...GENEROUS_LIMITS, RATE_LIMIT_TOKEN: '1000/1m' } });
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  /** The user's live sessions (other test files write sessions into the same database meanwhile). */
  const liveSessionsOf = (user: SignedIn) =>
    t
      .db('sessions')
      .join('users', 'users.id', 'sessions.user_id')
      .where('users.email', user.email)
      .whereNull('sessions.revoked_at')
      .count<{ count: string }[]>('* as count');

  async function createToken(scopes: Scope[], app: TestApp = t, as: SignedIn = owner, expiresInDays?: number) {
    const res = await gql<{ createPersonalAccessToken: { token: string; personalAccessToken: { id: string } } }>(
      app,
      CREATE,
      { input: { name: `app ${scopes.join('+')}`, scopes, expiresInDays } },
      { token: as.access },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createPersonalAccessToken;
  }

  it('is shown once with the inkpat_ prefix, stored only as a hash, and listed without its secret', async () => {
    const created = await createToken(['READ_POSTS', 'READ_ACCOUNT'], t, owner, 30);

    expect(created.token).toMatch(/^inkpat_[A-Za-z0-9_-]{43}$/);
    const row = await t
      .db('personal_access_tokens')
      .where({ id: fromGlobalId(created.personalAccessToken.id)!.key })
      .first();
    expect(JSON.stringify(row)).not.toContain(created.token.slice(7));
    expect(row.token_hash).toMatch(/^[a-f0-9]{64}$/);
    const list = await gql<{ viewer: { personalAccessTokens: { id: string; scopes: string[]; expiresAt: string }[] } }>(
      t,
      '{ viewer { personalAccessTokens { id name scopes expiresAt lastUsedAt } } }',
      {},
      { token: owner.access },
    );
    const listed = list.data!.viewer.personalAccessTokens.find((token) => token.id === created.personalAccessToken.id);
    expect(listed).toMatchObject({ scopes: ['READ_POSTS', 'READ_ACCOUNT'] });
    expect(Date.parse(listed!.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(JSON.stringify(list.data)).not.toContain('inkpat_');
  });

  it('is sent as Authorization: Bearer inkpat_… and acts for its user within its scopes', async () => {
    const { token } = await createToken(['READ_ACCOUNT', 'WRITE_POSTS']);

    const me = await gql<{ viewer: { email: string } }>(t, '{ viewer { email } }', {}, { token });
    const post = await gql<{ createPost: { post: { title: string } } }>(
      t,
      CREATE_POST,
      { input: { title: 'From a token', body: 'Hello' } },
      { token },
    );

    expect(me.errors).toBeUndefined();
    expect(me.data!.viewer.email).toBe(owner.email);
    expect(post.errors).toBeUndefined();
    expect(post.data!.createPost.post.title).toBe('From a token');
  });

  it("without READ_POSTS, a token cannot read its user's drafts through post(slug:) or node(id:); with it, it can", async () => {
    const author = await signUp(t);
    const draft = await gql<{ createPost: { post: { id: string; slug: string } } }>(
      t,
      'mutation ($input: CreatePostInput!) { createPost(input: $input) { post { id slug } } }',
      { input: { title: 'A private draft', body: 'Not yet' } },
      { token: author.access },
    );
    const { id, slug } = draft.data!.createPost.post;
    const READ = 'query ($slug: String!, $id: ID!) { post(slug: $slug) { id } node(id: $id) { id } }';
    const writer = await createToken(['WRITE_POSTS'], t, author);
    const reader = await createToken(['READ_POSTS'], t, author);

    const refused = await gql<{ post: unknown; node: unknown }>(t, READ, { slug, id }, { token: writer.token });
    const allowed = await gql<{ post: { id: string }; node: { id: string } }>(
      t,
      READ,
      { slug, id },
      { token: reader.token },
    );

    expect(refused.errors).toBeUndefined();
    expect(refused.data).toEqual({ post: null, node: null });
    expect(allowed.data).toEqual({ post: { id }, node: { id } });
  });

  it('deleting the account ends its tokens on the next request', async () => {
    const leaving = await signUp(t);
    const { token } = await createToken(['READ_ACCOUNT'], t, leaving);
    expect((await gql(t, '{ viewer { email } }', {}, { token })).errors).toBeUndefined();

    await t.app.services.accounts.deleteUser(leaving.email);

    const after = await gql(t, '{ viewer { email } }', {}, { token });
    expect(after.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(
      await t
        .db('personal_access_tokens')
        .where({ name: 'app READ_ACCOUNT' })
        .whereNull('revoked_at')
        .join('users', 'users.id', 'personal_access_tokens.user_id')
        .where('users.email', leaving.email)
        .count<{ count: string }[]>('* as count'),
    ).toEqual([{ count: '0' }]);
  });

  it('outside its scopes, the whole request is FORBIDDEN (403) with details.requiredScope, and nothing runs', async () => {
    const { token } = await createToken(['READ_POSTS']);
    // (Counted by title: other test files write posts into the same database meanwhile.)
    const refusedPosts = () => t.db('posts').where({ title: 'Not allowed' }).count<{ count: string }[]>('* as count');

    const write = await gql(t, CREATE_POST, { input: { title: 'Not allowed', body: 'x' } }, { token });
    const email = await gql(t, 'query Me { viewer { posts(first: 1) { nodes { id } } email } }', {}, { token });

    expect(write.status).toBe(403);
    expect(write.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      details: { requiredScope: 'WRITE_POSTS', field: 'Mutation.createPost' },
    });
    expect(email.status).toBe(403);
    expect(email.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      details: { requiredScope: 'READ_ACCOUNT' },
    });
    expect(await refusedPosts()).toEqual([{ count: '0' }]);
  });

  it.each([
    [
      'changePassword',
      'mutation { changePassword(input: {currentPassword: "a", newPassword: "bbbbbbbbbb"}) { expiresIn } }',
    ],
    ['revokeAllSessions', 'mutation { revokeAllSessions(input: {}) { revokedCount } }'],
    ['logout', 'mutation { logout(input: {}) { revokedSessions } }'],
    ['viewer.sessions', '{ viewer { sessions { id } } }'],
    ['viewer.currentSession', '{ viewer { currentSession { id } } }'],
    ['viewer.personalAccessTokens', '{ viewer { personalAccessTokens { id } } }'],
    [
      'createPersonalAccessToken',
      'mutation { createPersonalAccessToken(input: {name: "x", scopes: [READ_POSTS]}) { token } }',
    ],
    [
      'revokePersonalAccessToken',
      'mutation { revokePersonalAccessToken(input: {id: "eA"}) { revokedPersonalAccessTokenId } }',
    ],
    [
      'setFeatureFlag',
      'mutation { setFeatureFlag(input: {key: "registration", enabled: false}) { featureFlag { key } } }',
    ],
    ['a Session through node(id:)', 'query S($id: ID!) { node(id: $id) { ... on Session { device } } }'],
  ])('whatever its scopes, a token can never use %s', async (_name, query) => {
    const { token } = await createToken(['READ_POSTS', 'WRITE_POSTS', 'READ_ACCOUNT']);
    const sessions = await liveSessionsOf(owner);

    const res = await gql(t, query, { id: owner.sessionId }, { token });

    expect(res.status).toBe(403);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', details: { requiredScope: null } });
    expect(await liveSessionsOf(owner)).toEqual(sessions);
  });

  it('over REST, a token cannot end sessions either', async () => {
    const { token } = await createToken(['READ_POSTS', 'WRITE_POSTS', 'READ_ACCOUNT']);

    const res = await t
      .http()
      .post('/api/v1/auth/logout/')
      .set('Authorization', `Bearer ${token}`)
      .send({ scope: 'global' });

    expect(res.status).toBe(401);
    expect((await gql(t, '{ viewer { email } }', {}, { token: owner.access })).errors).toBeUndefined();
  });

  it('bad input is BAD_USER_INPUT with details', async () => {
    const res = await gql(t, CREATE, { input: { name: ' ', scopes: [], expiresInDays: 0 } }, { token: owner.access });

    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(Object.keys(res.errors![0]!.extensions.details as object).sort()).toEqual([
      'expiresInDays',
      'name',
      'scopes',
    ]);
  });

  it('an unknown token is UNAUTHENTICATED; an expired one TOKEN_EXPIRED', async () => {
    const unknown = await gql(t, CREATE_POST, { input: { title: 'x', body: 'x' } }, { token: 'inkpat_nope' });
    const { token, personalAccessToken } = await createToken(['WRITE_POSTS'], t, owner, 1);
    await t
      .db('personal_access_tokens')
      .where({ id: fromGlobalId(personalAccessToken.id)!.key })
      .update({ expires_at: new Date(Date.now() - 1000) });

    const expired = await gql(t, CREATE_POST, { input: { title: 'x', body: 'x' } }, { token });

    expect(unknown.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(expired.errors![0]!.extensions.code).toBe('TOKEN_EXPIRED');
  });

  it('authenticating with a token runs no SQL once it is known, nor for a malformed one', async () => {
    const { token } = await createToken(['READ_POSTS']);
    expect((await gql(t, '{ __typename }', {}, { token })).errors).toBeUndefined();
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    t.db.on('query', record);
    try {
      for (let i = 0; i < 3; i += 1) expect((await gql(t, '{ __typename }', {}, { token })).errors).toBeUndefined();
      const malformed = await gql(t, CREATE_POST, { input: { title: 'x', body: 'x' } }, { token: `${token}x` });
      expect(malformed.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      t.db.removeListener('query', record);
    }
    expect(statements).toEqual([]);
  });

  describe('across replicas and limits', () => {
    let replica: Replica;
    beforeAll(async () => {
      replica = await startReplica(t);
    });
    afterAll(() => replica.close());

    it('a token revoked through one replica is refused on the next request by another', async () => {
      const { token, personalAccessToken } = await createToken(['WRITE_POSTS']);
      const viaReplica = () =>
        replica
          .http()
          .post('/api/v1/graphql')
          .set('Content-Type', 'application/json')
          .set('Authorization', `Bearer ${token}`)
          .send({ query: CREATE_POST, variables: { input: { title: 'Still here?', body: 'x' } } });
      expect((await viaReplica()).body.errors).toBeUndefined();

      const revoked = await gql(t, REVOKE, { input: { id: personalAccessToken.id } }, { token: owner.access });
      const after = await viaReplica();

      expect(revoked.errors).toBeUndefined();
      expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(after.body.data).toBeNull();
    });
  });
});

describe('per-token rate limits', () => {
  it('a token has its own budget, with RateLimit fields, apart from other tokens and sessions', async () => {
    const t = await startTestApp({ env: { ...GENEROUS_LIMITS, RATE_LIMIT_TOKEN: '2/1m' } });
    try {
      const owner = await signUp(t);
      const make = async () =>
        (
          await gql<{ createPersonalAccessToken: { token: string } }>(
            t,
            CREATE,
            { input: { name: 'limited', scopes: ['READ_POSTS'] } },
            { token: owner.access },
          )
        ).data!.createPersonalAccessToken.token;
      const [first, second] = [await make(), await make()];
      const ask = (token: string) => gql(t, '{ __typename }', {}, { token });

      const answers = [await ask(first), await ask(first), await ask(first)];
      const other = await ask(second);

      expect(answers.map((res) => res.status)).toEqual([200, 200, 429]);
      expect(answers[0]!.headers['ratelimit-policy']).toBe('"token";q=2;w=60');
      expect(answers[1]!.headers['ratelimit']).toMatch(/^"token";r=0;t=\d+$/);
      expect(answers[2]!.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(answers[2]!.headers['retry-after'])).toBeGreaterThan(0);
      expect(other.status).toBe(200);
      expect((await gql(t, '{ __typename }', {}, { token: owner.access })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
