import type { Knex } from 'knex';
import type { Config } from '../../platform/config';
import type { JobContext } from '../../platform/jobs/job.types';
import type { Outbox } from '../../platform/jobs/outbox';
import type { Mailer } from './mailer';
import { isTemplateName, render, type TemplateName, type TemplateVars } from './mail.templates';

export const SEND_MAIL_JOB = 'mail.send';

/**
 * Mail as features see it: `queue` writes a message request into the caller's transaction
 * (the outbox); the worker's `deliver` renders the template and sends it. The API never talks
 * SMTP itself.
 */
export class MailService {
  constructor(
    private readonly outbox: Outbox,
    private readonly config: Config,
  ) {}

  queue<T extends TemplateName>(trx: Knex.Transaction, to: string, template: T, vars: TemplateVars<T>): Promise<void> {
    return this.outbox.add(trx, { queue: 'mail', name: SEND_MAIL_JOB, payload: { to, template, vars } });
  }

  /** The `mail.send` job. A malformed payload fails for good (retrying it cannot help). */
  async deliver(mailer: Mailer, data: Record<string, unknown>, context: JobContext): Promise<void> {
    const { to, template, vars } = data;
    if (typeof to !== 'string' || !isTemplateName(template) || !vars || typeof vars !== 'object') {
      throw new Error(`malformed mail job ${context.id}`);
    }
    const rendered = render(template, vars as never, this.config.mail.publicUrl);
    await mailer.send({ ...rendered, to, messageId: `<${context.id}@inkwell.mail>` });
  }
}
