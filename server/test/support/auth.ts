import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

export const PASSWORD = 'correct horse battery staple';

export const uniqueEmail = (label = 'user') => `${label}-${randomBytes(5).toString('hex')}@example.test`;

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
  headers: Record<string, string | string[] | undefined>;
}

/** POSTs a GraphQL operation, optionally with a Bearer token and extra headers. */
export async function gql<T = Record<string, unknown>>(
  t: TestApp,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResult<T>> {
  let req = t.http().post('/api/v1/graphql').set('Content-Type', 'application/json');
  if (options.token) req = req.set('Authorization', `Bearer ${options.token}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body.data ?? null, errors: res.body.errors, headers: res.headers };
}

export interface SignedIn {
  email: string;
  password: string;
  userId: string;
  access: string;
  refresh: string;
  sessionId: string;
}

export async function register(t: TestApp, email = uniqueEmail(), password = PASSWORD) {
  const res = await t.http().post('/api/v1/auth/register/').send({ email, password, display_name: 'Test User' });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, password, userId: res.body.data.user.id as string };
}

export async function login(
  t: TestApp,
  credentials: { email: string; password: string },
  device?: string,
): Promise<Omit<SignedIn, 'userId'>> {
  const res = await t
    .http()
    .post('/api/v1/auth/token/')
    .send({ ...credentials, device });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    ...credentials,
    access: res.body.data.access,
    refresh: res.body.data.refresh,
    sessionId: res.body.data.session.id,
  };
}

/** Registers a fresh user and signs in once (REST). */
export async function signUp(t: TestApp, device?: string): Promise<SignedIn> {
  const user = await register(t);
  return { ...(await login(t, user, device)), userId: user.userId };
}

export const VIEWER = '{ viewer { email user { id displayName } currentSession { id isCurrent } } }';

export const refreshRest = (t: TestApp, refresh: string) => t.http().post('/api/v1/auth/refresh/').send({ refresh });
