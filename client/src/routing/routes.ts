import type { ComponentType } from 'react';
import { loadQuery } from 'react-relay';
import AccountRouteQuery from '../__generated__/AccountRouteQuery.graphql';
import AuthorRouteQuery from '../__generated__/AuthorRouteQuery.graphql';
import EditPostRouteQuery from '../__generated__/EditPostRouteQuery.graphql';
import FeedRouteQuery from '../__generated__/FeedRouteQuery.graphql';
import LoginRouteQuery from '../__generated__/LoginRouteQuery.graphql';
import MyPostsRouteQuery from '../__generated__/MyPostsRouteQuery.graphql';
import NewPostRouteQuery from '../__generated__/NewPostRouteQuery.graphql';
import PostRouteQuery from '../__generated__/PostRouteQuery.graphql';
import PostStatsRouteQuery from '../__generated__/PostStatsRouteQuery.graphql';
import RegisterRouteQuery from '../__generated__/RegisterRouteQuery.graphql';
import { FEED_PAGE_SIZE } from '../features/posts/pageSize';
import { resource } from './resource';
import type { RouteDefinition, RouteProps } from './types';

// Route components are separate chunks; only the (small) query artifacts are imported here,
// so that a route's data request starts in parallel with its code download.
const lazy = <M>(load: () => Promise<M>, pick: (module: M) => unknown) =>
  resource(() => load().then((module) => pick(module) as ComponentType<RouteProps>));

// Render what is cached at once, and refresh it: lists change under us (new posts, sessions).
const options = { fetchPolicy: 'store-and-network' } as const;

export const routes: readonly RouteDefinition[] = [
  {
    path: '/',
    title: 'Latest posts',
    component: lazy(
      () => import('../routes/FeedRoute'),
      (m) => m.FeedRoute,
    ),
    prepare: (_params, env) => ({ feed: loadQuery(env, FeedRouteQuery, { count: FEED_PAGE_SIZE }, options) }),
  },
  {
    path: '/posts/:slug',
    title: 'Post',
    component: lazy(
      () => import('../routes/PostRoute'),
      (m) => m.PostRoute,
    ),
    prepare: (params, env) => ({ post: loadQuery(env, PostRouteQuery, { slug: params.slug ?? '' }, options) }),
  },
  {
    path: '/posts/:slug/stats',
    title: 'Post stats',
    component: lazy(
      () => import('../routes/PostStatsRoute'),
      (m) => m.PostStatsRoute,
    ),
    // Today's numbers are live: always ask the server.
    prepare: (params, env) => ({
      stats: loadQuery(env, PostStatsRouteQuery, { slug: params.slug ?? '' }, { fetchPolicy: 'network-only' }),
    }),
  },
  {
    path: '/write',
    title: 'New post',
    component: lazy(
      () => import('../routes/NewPostRoute'),
      (m) => m.NewPostRoute,
    ),
    prepare: (_params, env) => ({ editor: loadQuery(env, NewPostRouteQuery, {}, options) }),
  },
  {
    path: '/edit/:slug',
    title: 'Edit post',
    component: lazy(
      () => import('../routes/EditPostRoute'),
      (m) => m.EditPostRoute,
    ),
    prepare: (params, env) => ({
      editor: loadQuery(env, EditPostRouteQuery, { slug: params.slug ?? '' }, { fetchPolicy: 'network-only' }),
    }),
  },
  {
    path: '/me/posts',
    title: 'Your posts',
    component: lazy(
      () => import('../routes/MyPostsRoute'),
      (m) => m.MyPostsRoute,
    ),
    prepare: (_params, env) => ({ posts: loadQuery(env, MyPostsRouteQuery, { count: FEED_PAGE_SIZE }, options) }),
  },
  {
    path: '/authors/:id',
    title: 'Author',
    component: lazy(
      () => import('../routes/AuthorRoute'),
      (m) => m.AuthorRoute,
    ),
    prepare: (params, env) => ({
      author: loadQuery(env, AuthorRouteQuery, { id: params.id ?? '', count: FEED_PAGE_SIZE }, options),
    }),
  },
  {
    path: '/login',
    title: 'Sign in',
    component: lazy(
      () => import('../routes/LoginRoute'),
      (m) => m.LoginRoute,
    ),
    prepare: (_params, env) => ({ login: loadQuery(env, LoginRouteQuery, {}, options) }),
  },
  {
    path: '/register',
    title: 'Create an account',
    component: lazy(
      () => import('../routes/RegisterRoute'),
      (m) => m.RegisterRoute,
    ),
    prepare: (_params, env) => ({ register: loadQuery(env, RegisterRouteQuery, {}, options) }),
  },
  {
    path: '/forgot-password',
    title: 'Forgot your password?',
    component: lazy(
      () => import('../routes/ForgotPasswordRoute'),
      (m) => m.ForgotPasswordRoute,
    ),
    // Pages of the mail flows read nothing before rendering: their mutation is the request.
    prepare: () => ({}),
  },
  {
    path: '/reset-password',
    title: 'Choose a new password',
    component: lazy(
      () => import('../routes/ResetPasswordRoute'),
      (m) => m.ResetPasswordRoute,
    ),
    prepare: () => ({}),
  },
  {
    path: '/verify-email',
    title: 'Confirm your address',
    component: lazy(
      () => import('../routes/VerifyEmailRoute'),
      (m) => m.VerifyEmailRoute,
    ),
    prepare: () => ({}),
  },
  {
    path: '/account/deleted',
    title: 'Account deleted',
    component: lazy(
      () => import('../routes/AccountDeletedRoute'),
      (m) => m.AccountDeletedRoute,
    ),
    prepare: () => ({}),
  },
  {
    path: '/account',
    title: 'Your account',
    component: lazy(
      () => import('../routes/AccountRoute'),
      (m) => m.AccountRoute,
    ),
    prepare: (_params, env) => ({ account: loadQuery(env, AccountRouteQuery, {}, { fetchPolicy: 'network-only' }) }),
  },
];
