import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Cache } from './platform/cache/cache';
import type { Config } from './platform/config';
import { NodeRegistry } from './platform/graphql/node';

/** What the app is built from: the only I/O handles it gets. Tests build their own. */
export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Knex;
  readonly cache: Cache;
}

/** Feature services, created once per app and reached by transports through the context. */
export interface AppServices {
  readonly nodes: NodeRegistry;
  /** Work to do once before serving (embedded demo content, cache warm-up). */
  onStart?(): Promise<void>;
}

export function createServices(_deps: AppDeps): AppServices {
  const nodes = new NodeRegistry();
  return { nodes };
}
