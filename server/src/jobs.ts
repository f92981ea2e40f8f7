import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { EXPORT_JOB } from './modules/account/account-export.service';
import { PASSWORD_RESET_JOB } from './modules/credentials/credentials.service';
import { MaintenanceRepository } from './modules/maintenance/maintenance.repository';
import { MaintenanceService } from './modules/maintenance/maintenance.service';
import { Mailer } from './modules/mail/mailer';
import { SEND_MAIL_JOB } from './modules/mail/mail.service';
import type { Config } from './platform/config';
import { BullMqBackend, type BullMqBackendOptions } from './platform/jobs/bullmq.backend';
import type { JobBackend, JobHandler, JobHandlers, JobHooks, RepeatableJob } from './platform/jobs/job.types';
import { MemoryBackend } from './platform/jobs/memory.backend';
import type { Outbox } from './platform/jobs/outbox';
import type { AppServices } from './services';

export const SWEEP_OUTBOX_JOB = 'outbox.sweep';
export const PURGE_JOB = 'maintenance.purge';
export const FOLD_VIEWS_JOB = 'analytics.fold';

/** How often the repeatable jobs run (once per tick across all workers). */
export const SCHEDULE = { sweepOutboxMs: 15_000, purgeMs: 3600_000, foldViewsMs: 300_000 };

/** BullMQ keys live under the app's Redis prefix: `<REDIS_KEY_PREFIX>bull:<queue>:…`. */
export const bullPrefix = (config: Config) => `${config.redisKeyPrefix}bull`;

/** BullMQ when there is Redis; the in-process stand-in in embedded mode. */
export function createJobBackend(
  config: Config,
  logger: Logger,
  overrides: Partial<BullMqBackendOptions> = {},
): JobBackend {
  return config.redisUrl
    ? new BullMqBackend({
        url: config.redisUrl,
        prefix: bullPrefix(config),
        logger,
        concurrency: config.jobs.concurrency,
        lockDurationMs: config.jobs.stalledTimeoutMs,
        stalledIntervalMs: Math.max(500, Math.floor(config.jobs.stalledTimeoutMs / 2)),
        ...overrides,
      })
    : new MemoryBackend(logger, config.jobs.concurrency);
}

/** A job asked for through the outbox does its work once: a re-run (crash, late relay) skips it. */
const onceFromOutbox =
  (outbox: Outbox, handle: JobHandler): JobHandler =>
  async (data, context) => {
    const rowId = typeof data.outboxId === 'string' ? data.outboxId : null;
    if (rowId && (await outbox.isDone(rowId))) {
      context.logger.info('outbox job already done; skipped');
      return 'skipped';
    }
    const result = await handle(data, context);
    if (rowId) await outbox.markDone(rowId);
    return result;
  };

export interface JobRuntime {
  readonly backend: JobBackend;
  stop(timeoutMs?: number): Promise<void>;
}

/** The job handlers and schedules of Inkwell, run by the worker process or the embedded server. */
export async function startJobs(options: {
  config: Config;
  logger: Logger;
  db: Knex;
  services: AppServices;
  backend: JobBackend;
  hooks?: JobHooks;
  mailer?: Mailer;
  schedule?: Partial<typeof SCHEDULE>;
}): Promise<JobRuntime> {
  const { config, logger, db, services, backend } = options;
  const mailer = options.mailer ?? new Mailer(config, logger);
  const schedule = { ...SCHEDULE, ...options.schedule };
  const maintenance = new MaintenanceService({
    config,
    repository: new MaintenanceRepository(db),
    credentials: services.credentials,
    outbox: services.outbox,
  });
  const handlers: JobHandlers = {
    [SEND_MAIL_JOB]: {
      queue: 'mail',
      handle: onceFromOutbox(services.outbox, (data, context) => services.mail.deliver(mailer, data, context)),
    },
    [EXPORT_JOB]: {
      queue: 'mail',
      handle: onceFromOutbox(services.outbox, (data, context) => services.accountExport.build(mailer, data, context)),
    },
    [PASSWORD_RESET_JOB]: {
      queue: 'mail',
      handle: onceFromOutbox(services.outbox, (data, context) => services.credentials.sendPasswordReset(data, context)),
    },
    [SWEEP_OUTBOX_JOB]: { queue: 'maintenance', handle: () => services.outbox.relay() },
    [PURGE_JOB]: { queue: 'maintenance', handle: (_data, context) => maintenance.purge(context.logger) },
    [FOLD_VIEWS_JOB]: { queue: 'maintenance', handle: (_data, context) => services.analytics.fold(context.logger) },
  };
  const repeatables: RepeatableJob[] = [
    { queue: 'maintenance', name: SWEEP_OUTBOX_JOB, everyMs: schedule.sweepOutboxMs },
    { queue: 'maintenance', name: PURGE_JOB, everyMs: schedule.purgeMs },
    { queue: 'maintenance', name: FOLD_VIEWS_JOB, everyMs: schedule.foldViewsMs },
  ];
  await backend.run(handlers, repeatables, options.hooks);
  // Rows left by a crash before this start are relayed now rather than at the first sweep.
  void services.outbox.relaySoon();
  logger.info({ backend: backend.kind, jobs: Object.keys(handlers) }, 'jobs running');
  return {
    backend,
    async stop(timeoutMs) {
      await backend.close(timeoutMs);
      mailer.close();
    },
  };
}
