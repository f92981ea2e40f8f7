import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config';
import type { RenderedMail } from './mail.templates';

export interface OutgoingMail extends RenderedMail {
  readonly to: string;
  /** Stable per job, so a receiving server can spot a duplicate after a crash-and-retry. */
  readonly messageId: string;
  readonly attachments?: readonly { filename: string; content: string; contentType: string }[];
}

/**
 * Sends mail: over SMTP (nodemailer) when SMTP_URL is set, otherwise as .eml files under
 * `<DATA_DIR>/mail/` (embedded mode), logging each path. Only the worker sends.
 */
export class Mailer {
  private readonly transport: Transporter;
  private readonly directory: string | null;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
  ) {
    const smtpUrl = config.mail.smtpUrl;
    this.directory = smtpUrl ? null : path.join(config.dataDir, 'mail');
    this.transport = smtpUrl
      ? nodemailer.createTransport({
          url: smtpUrl,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        } satisfies SMTPTransport.Options)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.transport.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      attachments: mail.attachments?.map((attachment) => ({ ...attachment })),
    })) as { message?: Buffer; messageId?: string };
    if (this.directory) {
      await mkdir(this.directory, { recursive: true });
      const safeId = mail.messageId.replace(/[^A-Za-z0-9._-]/g, '_');
      const file = path.join(this.directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeId}.eml`);
      await writeFile(file, info.message ?? '');
      this.logger.info({ path: file, subject: mail.subject }, `mail written to ${file}`);
    } else {
      this.logger.info({ message_id: info.messageId, subject: mail.subject }, 'mail sent');
    }
  }

  close(): void {
    this.transport.close();
  }
}
