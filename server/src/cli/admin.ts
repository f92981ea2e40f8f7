import 'reflect-metadata';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { openConnections } from '../platform/connections';
import { ConfigError, loadConfig } from '../platform/config';
import { isAppError } from '../platform/errors/app-error';
import { createLogger } from '../platform/observability/logger';
import type { AccountService } from '../modules/account/account-admin.service';
import { createServices, type AppDeps } from '../services';

export interface AdminIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const USAGE = `usage: npm run admin -- <command>
  create-admin <email>              create an admin account (password read from stdin)
  set-role <email> author|admin     change an account's role
  revoke-sessions <email>           sign an account out everywhere
  delete-user <email>               delete an account and revoke its sessions
`;

/** The first line of stdin, without its line ending: the password of create-admin. */
async function readFirstLine(stdin: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function execute(accounts: AccountService, [command, email, role]: string[], io: AdminIo): Promise<string> {
  switch (command) {
    case 'create-admin': {
      if ('isTTY' in io.stdin && io.stdin.isTTY)
        io.stderr.write('Password (the line is echoed; pipe it in to hide it): ');
      const user = await accounts.createAdmin({ email, password: await readFirstLine(io.stdin) });
      return `created admin ${user.email} (id ${user.id})`;
    }
    case 'set-role': {
      const { user, previousRole } = await accounts.setRole(email, role);
      return previousRole === user.role
        ? `${user.email} already has the role ${user.role}; nothing changed`
        : `${user.email}: role ${previousRole} -> ${user.role} (in effect on the next request)`;
    }
    case 'revoke-sessions': {
      const { user, revokedSessions } = await accounts.revokeSessions(email);
      return `${user.email}: revoked ${revokedSessions} session(s)`;
    }
    case 'delete-user': {
      const { user, revokedSessions } = await accounts.deleteUser(email);
      return `deleted ${user.email}; revoked ${revokedSessions} session(s)`;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

class UsageError extends Error {}

const ARGUMENTS: Record<string, number> = { 'create-admin': 1, 'set-role': 2, 'revoke-sessions': 1, 'delete-user': 1 };

/**
 * `npm run admin -- <command>`: operators' account commands through the same services and
 * caches as the API. Returns the exit code: 0 done, 1 refused (bad email, role, unknown
 * account), 2 usage. `deps` lets tests run it against their own database and Redis.
 */
export async function runAdmin(argv: readonly string[], io: AdminIo, deps?: AppDeps): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || !(command in ARGUMENTS) || rest.length !== ARGUMENTS[command]) {
    io.stderr.write(`${command && command in ARGUMENTS ? `wrong arguments for ${command}\n` : ''}${USAGE}`);
    return 2;
  }
  let owned: { deps: AppDeps; close: () => Promise<void> } | undefined;
  try {
    if (!deps) owned = await openDeps();
    const services = createServices(deps ?? owned!.deps);
    io.stdout.write(`${await execute(services.accounts, argv as string[], io)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`admin: invalid configuration\n${error.problems.map((p) => `  ${p}\n`).join('')}`);
      return 1;
    }
    if (isAppError(error) && error.status < 500) {
      const details =
        error.details && !Array.isArray(error.details) && typeof error.details === 'object'
          ? Object.entries(error.details as Record<string, string[]>).map(([f, m]) => `  ${f}: ${m.join(', ')}\n`)
          : [];
      io.stderr.write(`admin: ${error.message}\n${details.join('')}`);
      return 1;
    }
    io.stderr.write(`admin: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await owned?.close();
  }
}

async function openDeps(): Promise<{ deps: AppDeps; close: () => Promise<void> }> {
  const config = loadConfig();
  const logger: Logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const connections = await openConnections(config, { logger });
  return { deps: { config, logger, db: connections.db, store: connections.store }, close: connections.close };
}

if (require.main === module) {
  runAdmin(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => process.exit(code),
  );
}
