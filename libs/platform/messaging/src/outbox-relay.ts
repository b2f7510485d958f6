import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Message, Producer } from 'kafkajs';
import { counter, sampledGauge } from '@emporium/platform-observability';
import { listenForNotifications } from '@emporium/platform-persistence';
import { OUTBOX_CHANNEL } from './outbox';

const published = counter('outbox_published_total', 'Events published from the outbox');

/** Reads the backlog of the relay's outbox when Prometheus scrapes (the partial index keeps it cheap). */
function watchBacklog(dataSource: DataSource): void {
  const pending = async () =>
    (
      (await dataSource.query(
        `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
         FROM outbox WHERE sent_at IS NULL`,
      )) as { n: number; age: number }[]
    )[0];
  sampledGauge(
    'emporium_outbox_pending_events',
    'Events written to the outbox and not yet published',
    async () => (await pending()).n,
  );
  sampledGauge(
    'emporium_outbox_oldest_pending_age_seconds',
    'Age of the oldest unpublished outbox event',
    async () => (await pending()).age,
  );
}
const RELAY_LOCK = "hashtext('emporium:outbox-relay')";

/** Tuning of the relay; the defaults suit a service's normal load. */
export interface OutboxRelayOptions {
  /** Database URL used for LISTEN (the relay wakes on commit instead of polling). */
  readonly listenUrl: string;
  readonly batchSize?: number;
  /** Poll interval when no notification arrives (a missed NOTIFY costs at most this). */
  readonly pollMs?: number;
  /** Longest pause between attempts while Kafka or Postgres is unavailable. */
  readonly maxBackoffMs?: number;
  /** How long published rows are kept before they are purged. */
  readonly retentionHours?: number;
  readonly log?: { warn(obj: object, msg: string): void };
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  envelope: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows to Kafka in id order and marks them sent. One relay per database
 * publishes at a time (an advisory lock), so per-aggregate order holds with several replicas.
 * A crash between publish and mark re-sends the batch: delivery is at least once, and consumers'
 * inboxes make it effectively once.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  /** Ends the current sleep (stop); `wakeOnCommit` too, unless the relay is backing off. */
  private wake?: () => void;
  private wakeOnCommit?: () => void;
  /** A commit was notified since the last batch began: the relay must not sleep before the next. */
  private notified = false;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly options: OutboxRelayOptions,
  ) {
    watchBacklog(dataSource);
  }

  /** Starts listening for commits and publishing in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen().catch((error: Error) =>
      this.options.log?.warn({ err: error }, 'outbox relay: LISTEN failed; polling only'),
    );
    this.loop = this.run();
  }

  /** Stops after publishing what is pending (bounded by `timeoutMs`), then closes the listener. */
  async stop(timeoutMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline && (await this.publishBatch()) > 0);
    } catch (error) {
      this.options.log?.warn(
        { err: error },
        'outbox relay: final flush failed; rows stay for restart',
      );
    }
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /**
   * Publishes up to one batch of unsent rows; returns how many were published. Also the unit of
   * work tests call directly.
   */
  async publishBatch(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    return this.dataSource.transaction(async (tx) => {
      // One statement takes the relay lock and reads the batch: no rows while another relay
      // publishes. The lock is held until this transaction ends.
      const rows: OutboxRow[] = await tx.query(
        `WITH relay AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS locked)
         SELECT o.id, o.topic, o.message_key, o.envelope, o.headers FROM relay, outbox o
         WHERE relay.locked AND o.sent_at IS NULL ORDER BY o.id LIMIT $1`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows) });
      await this.markSent(
        tx.query.bind(tx),
        rows.map((row) => row.id),
      );
      published.inc(rows.length);
      return rows.length;
    });
  }

  /** Marks rows published; separate so a test can simulate a crash between publish and mark. */
  protected async markSent(
    query: (sql: string, params: unknown[]) => Promise<unknown>,
    ids: string[],
  ) {
    await query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        // Cleared before the batch reads, so a commit notified while it runs is read by the next.
        this.notified = false;
        const count = await this.publishBatch();
        backoff = 0;
        await this.purgeOld();
        if (count === (this.options.batchSize ?? 500)) continue;
        await this.idle(this.options.pollMs ?? 1_000, true);
      } catch (error) {
        backoff = Math.min(backoff ? backoff * 2 : 100, this.options.maxBackoffMs ?? 10_000);
        this.options.log?.warn({ err: error, retryInMs: backoff }, 'outbox relay: publish failed');
        await this.idle(backoff, false);
      }
    }
  }

  /** Sleeps `ms`; a commit ends the sleep early when `untilCommit` (not while backing off). */
  private idle(ms: number, untilCommit: boolean): Promise<void> {
    if (untilCommit && this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      this.wakeOnCommit = untilCommit ? done : undefined;
    });
  }

  private async listen(): Promise<void> {
    this.listener = await listenForNotifications(this.options.listenUrl, OUTBOX_CHANNEL, {
      onNotification: () => {
        this.notified = true;
        this.wakeOnCommit?.();
      },
      onLost: (error) => {
        this.options.log?.warn(
          { err: error },
          'outbox relay: listener lost; polling until restart',
        );
        this.listener = undefined;
      },
    });
  }

  private async purgeOld(): Promise<void> {
    if (Date.now() - this.lastPurge < 10 * 60_000) return;
    this.lastPurge = Date.now();
    const hours = this.options.retentionHours ?? 24;
    await this.dataSource.query(
      `DELETE FROM outbox WHERE sent_at < now() - make_interval(hours => $1)`,
      [hours],
    );
  }
}

function groupByTopic(rows: readonly OutboxRow[]): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({
      key: row.message_key,
      value: JSON.stringify(row.envelope),
      headers: row.headers,
    });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
