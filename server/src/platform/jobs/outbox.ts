import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { JobBackend, QueueName } from './job.types';

interface OutboxRow {
  id: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
}

/** A relayed row whose job has not finished after this long is relayed again (the job id dedupes). */
const STALE_RELAY_SECONDS = 300;
/** Rows older than this are not re-relayed: their job failed for good and sits in the failed set. */
const GIVE_UP_SECONDS = 24 * 3600;

/** The job id of an outbox row: relaying it twice cannot enqueue it twice. */
export const outboxJobId = (rowId: string) => `outbox-${rowId}`;

/**
 * The transactional outbox. A feature writes the job it wants in the same transaction as the
 * change that causes it (`add`); once that transaction commits, the row is relayed to the
 * queue. A crash between commit and relay leaves the row for the sweeper (`relay`, run as a
 * repeatable job). A rolled-back change takes its row with it, so nothing is sent.
 */
export class Outbox {
  private readonly kicked = new WeakSet<Knex.Transaction>();
  private relaying: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Knex,
    private readonly backend: JobBackend | null,
    private readonly logger: Logger,
  ) {}

  async add(trx: Knex.Transaction, job: { queue: QueueName; name: string; payload: Record<string, unknown> }) {
    await trx('outbox').insert({ queue: job.queue, name: job.name, payload: JSON.stringify(job.payload) });
    if (!this.kicked.has(trx)) {
      this.kicked.add(trx);
      // After commit only; a rollback rejects executionPromise and nothing is relayed.
      trx.executionPromise.then(
        () => void this.relaySoon(),
        () => undefined,
      );
    }
  }

  /** Relays now, coalescing concurrent calls; never throws (the sweeper retries). */
  relaySoon(): Promise<number> {
    if (this.relaying) {
      this.again = true;
      return this.relaying;
    }
    this.relaying = this.relay()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'outbox relay failed; the sweeper will retry');
        return 0;
      })
      .finally(() => {
        this.relaying = null;
        if (this.again) {
          this.again = false;
          void this.relaySoon();
        }
      });
    return this.relaying;
  }

  /**
   * Moves pending rows to the queue: locked with SKIP LOCKED so relays on several replicas share
   * the work, each enqueued under an id derived from the row, then marked relayed.
   */
  async relay(batch = 100): Promise<number> {
    if (!this.backend) return 0;
    const backend = this.backend;
    let total = 0;
    for (;;) {
      const relayed = await this.db.transaction(async (trx) => {
        const rows = (await trx('outbox')
          .select('id', 'queue', 'name', 'payload')
          .where((pending) =>
            pending.whereNull('relayed_at').orWhere((stale) =>
              stale
                .whereNull('done_at')
                .where('relayed_at', '<', trx.raw("now() - (? * interval '1 second')", [STALE_RELAY_SECONDS]))
                .where('created_at', '>', trx.raw("now() - (? * interval '1 second')", [GIVE_UP_SECONDS])),
            ),
          )
          .orderBy('created_at')
          .limit(batch)
          .forUpdate()
          .skipLocked()) as OutboxRow[];
        for (const row of rows) {
          await backend.add({
            queue: row.queue,
            name: row.name,
            data: { ...row.payload, outboxId: row.id },
            jobId: outboxJobId(row.id),
          });
        }
        if (rows.length > 0) {
          await trx('outbox')
            .whereIn(
              'id',
              rows.map((row) => row.id),
            )
            .update({ relayed_at: trx.fn.now() });
        }
        return rows.length;
      });
      total += relayed;
      if (relayed < batch) return total;
    }
  }

  /** Has this row's job already done its work? (A re-run after a crash skips it.) */
  async isDone(rowId: string): Promise<boolean> {
    const row = (await this.db('outbox').select('done_at').where({ id: rowId }).first()) as
      { done_at: Date | null } | undefined;
    return Boolean(row?.done_at);
  }

  async markDone(rowId: string): Promise<void> {
    await this.db('outbox').where({ id: rowId }).update({ done_at: this.db.fn.now() });
  }

  /** Deletes rows whose work is done (maintenance). */
  async purgeDone(olderThanSeconds: number): Promise<number> {
    return this.db('outbox')
      .whereNotNull('done_at')
      .where('done_at', '<', this.db.raw("now() - (? * interval '1 second')", [olderThanSeconds]))
      .delete();
  }
}
