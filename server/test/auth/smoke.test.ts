import { gql, signUp, VIEWER, refreshRest } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('auth smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, logs in, reads the viewer, refreshes', async () => {
    const me = await signUp(t, 'Laptop');
    const viewer = await gql(t, VIEWER, {}, { token: me.access });
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data).toMatchObject({
      viewer: { email: me.email, currentSession: { id: me.sessionId, isCurrent: true } },
    });
    const refreshed = await refreshRest(t, me.refresh);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.data).toMatchObject({ token_type: 'Bearer', expires_in: 900, session: { id: me.sessionId } });
  });
});
