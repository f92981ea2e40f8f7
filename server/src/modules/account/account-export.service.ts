import type { Knex } from 'knex';
import type { Config } from '../../platform/config';
import type { JobContext } from '../../platform/jobs/job.types';
import type { Outbox } from '../../platform/jobs/outbox';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import type { Mailer } from '../mail/mailer';
import { render } from '../mail/mail.templates';
import type { AccountExportRepository } from './account-export.repository';

export const EXPORT_JOB = 'account.export';

/**
 * "Download my data": the request writes a job into the outbox; the worker reads the user's
 * profile, posts (drafts and trash included) and sessions, and mails them as one JSON file to
 * the account's own address (never to an address given in the request).
 */
export class AccountExportService {
  constructor(
    private readonly deps: {
      config: Config;
      db: Knex;
      outbox: Outbox;
      repository: AccountExportRepository;
      rateLimiter: RateLimiter;
    },
  ) {}

  async request(userId: string, requester: { ip: string }): Promise<true> {
    const { config, db, outbox, rateLimiter } = this.deps;
    await rateLimiter.consume(
      { name: 'data-export', ...config.rateLimits.dataExport },
      { ip: requester.ip, subject: userId },
    );
    await db.transaction((trx) => outbox.add(trx, { queue: 'mail', name: EXPORT_JOB, payload: { userId } }));
    return true;
  }

  /** The `account.export` job. A deleted account gets nothing. */
  async build(mailer: Mailer, data: Record<string, unknown>, context: JobContext): Promise<void> {
    if (typeof data.userId !== 'string') throw new Error(`malformed export job ${context.id}`);
    const exported = await this.deps.repository.read(data.userId);
    if (!exported) return;
    const json = JSON.stringify({ exported_at: new Date().toISOString(), ...exported }, null, 2);
    const rendered = render(
      'dataExport',
      { displayName: String(exported.profile.display_name), posts: exported.posts.length },
      this.deps.config.mail.publicUrl,
    );
    await mailer.send({
      ...rendered,
      to: String(exported.profile.email),
      messageId: `<${context.id}@inkwell.mail>`,
      attachments: [{ filename: 'inkwell-export.json', content: json, contentType: 'application/json' }],
    });
  }
}
