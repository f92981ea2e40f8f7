import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attachments: { filename: string; content: string }[];
}

/**
 * A real SMTP server (smtp-server) on a free port that keeps what it accepts. `holdNext()` makes
 * it keep the next message's final reply back (the sender waits, as with a slow server), until
 * `release()`: what a worker killed mid-send looks like from the outside.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  private server: SMTPServer;
  private holds = 0;
  private held: (() => void)[] = [];
  /** How many messages are waiting for their final reply. */
  get heldCount(): number {
    return this.held.length;
  }
  /** Messages whose final reply was held when their sender went away: never delivered. */
  abandoned = 0;
  url = '';

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          const accept = async () => {
            const parsed = await simpleParser(raw);
            this.messages.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              attachments: parsed.attachments.map((attachment) => ({
                filename: attachment.filename ?? '',
                content: attachment.content.toString('utf8'),
              })),
            });
            callback();
          };
          if (this.holds > 0) {
            // No final reply: the sender waits; the message counts only if released later.
            this.holds -= 1;
            this.held.push(() => callback(new Error('abandoned')));
            return;
          }
          await accept();
        });
      },
    });
    this.server.on('error', () => undefined);
  }

  holdNext(count = 1): void {
    this.holds += count;
  }

  /** Drops held messages without accepting them (their sender is gone). */
  dropHeld(): void {
    this.abandoned += this.held.length;
    this.held.forEach((refuse) => refuse());
    this.held = [];
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.server.address() as AddressInfo;
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((message) => message.to.toLowerCase() === address.toLowerCase());
  }

  async close(): Promise<void> {
    this.dropHeld();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The token of the first `PUBLIC_URL<path>?token=…` link in a mail. */
export function tokenFrom(mail: CapturedMail, path: '/verify-email' | '/reset-password'): string {
  const match = new RegExp(`${path.replace('/', '\\/')}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
  return decodeURIComponent(match[1]!);
}
