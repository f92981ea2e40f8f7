import type { Logger } from 'pino';
import type { Config } from '../../platform/config';
import type { Outbox } from '../../platform/jobs/outbox';
import type { CredentialsService } from '../credentials/credentials.service';
import type { MaintenanceRepository } from './maintenance.repository';

/** Revoked sessions stay listed (for "signed out" history and reuse detection) this long. */
const REVOKED_SESSION_RETENTION_SECONDS = 7 * 24 * 3600;
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;

export interface PurgeCounts {
  posts: number;
  users: number;
  sessions: number;
  emailTokens: number;
  outbox: number;
}

/** The repeatable clean-up: idempotent, logged with counts. */
export class MaintenanceService {
  constructor(
    private readonly deps: {
      config: Config;
      repository: MaintenanceRepository;
      credentials: CredentialsService;
      outbox: Outbox;
    },
  ) {}

  async purge(logger: Logger): Promise<PurgeCounts> {
    const { config, repository, credentials, outbox } = this.deps;
    const retention = config.jobs.trashRetentionSeconds;
    const counts: PurgeCounts = {
      posts: await repository.purgeTrashedPosts(retention),
      users: await repository.purgeDeletedUsers(retention),
      sessions: await repository.purgeSessions(config.sessions.idleTtlSeconds, REVOKED_SESSION_RETENTION_SECONDS),
      emailTokens: await credentials.purgeTokens(),
      outbox: await outbox.purgeDone(OUTBOX_RETENTION_SECONDS),
    };
    logger.info({ event: 'maintenance.purge', ...counts }, 'maintenance purge done');
    return counts;
  }
}
