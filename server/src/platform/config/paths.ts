import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './index';

/**
 * The paths the server reads or writes, checked before anything starts. Their defaults derive
 * from the repository layout (config.schema.ts), which the Docker image reproduces under /app;
 * a path that does not hold there must stop the start with one clear line, not fail later.
 */
export function pathProblems(config: Config): string[] {
  const problems: string[] = [];
  const { mode, file } = config.graphql.persistedQueries;
  if (mode !== 'off' && !fs.existsSync(file)) {
    problems.push(
      `PERSISTED_QUERIES_FILE ${file} does not exist: ship schema/persisted-queries.json with the build, point PERSISTED_QUERIES_FILE at it, or set PERSISTED_QUERIES=off`,
    );
  }
  // The API serves the web client only when it was built; an explicit directory must hold it.
  if (config.clientDistDirRequired && !fs.existsSync(path.join(config.clientDistDir, 'index.html'))) {
    problems.push(`CLIENT_DIST_DIR ${config.clientDistDir} has no index.html: build the client or unset it`);
  }
  if (config.embedded.database) {
    try {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.accessSync(config.dataDir, fs.constants.W_OK);
    } catch {
      problems.push(`DATA_DIR ${config.dataDir} is not a writable directory (embedded mode keeps its database there)`);
    }
  }
  return problems;
}
