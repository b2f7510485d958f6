import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PeriodicTask } from '@emporium/platform-app';
import { signWebhook } from '@emporium/platform-auth';
import {
  claimDueCallbacks,
  deleteFinishedCallbacks,
  giveUpCallback,
  insertSandboxCallback,
  markCallbackDelivered,
  retryCallbackLater,
  type ClaimedCallback,
  type SandboxCallback,
} from '../../persistence/sandbox-callback.queries';

export type { SandboxCallback };

/** How the sandbox calls the service back. */
export interface SandboxCallbackSettings {
  /** The payments database, where callbacks wait until acknowledged. */
  readonly db: DataSource;
  /** The service's own base URL, read when a delivery is sent (the listening port is known late). */
  readonly baseUrl: () => string;
  /** Each provider's webhook secret, by provider name; deliveries are signed when sent. */
  readonly secrets: Readonly<Record<string, string>>;
  /** From the provider accepting a payment to its first webhook. */
  readonly delayMs: number;
  /** How often due callbacks are looked for besides the wake-ups this process sets itself. */
  readonly sweepIntervalMs: number;
  /** From the first delivery being acknowledged to its duplicate. */
  readonly duplicateDelayMs?: number;
  /** Tries per delivery, the first included. */
  readonly maxAttempts?: number;
  /** Wait before the first retry; doubled before each next one. */
  readonly retryBaseMs?: number;
  /** Longest wait for an answer to one try. */
  readonly timeoutMs?: number;
  /** How long delivered and given-up callbacks are kept (for looking into a payment), in hours. */
  readonly retentionHours?: number;
}

/** Callbacks taken per sweep; a full batch means more may be due at once. */
const BATCH = 20;
/** How often finished callbacks past their retention are deleted. */
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Plays the provider's side of asynchronous notifications: after a delay it posts a signed webhook
 * to the service, retries with backoff until answered 2xx, then delivers the same event once more
 * (providers do: Alipay and WeChat Pay repeat notifications). Callbacks are rows of
 * `sandbox_callbacks`, so a restart or crash loses none: a sweep delivers what is due, taking rows
 * with `FOR UPDATE SKIP LOCKED` and leasing them for the length of a try, so replicas never send
 * one at the same time and a try that died with its process comes due again. The webhook
 * deduplicates by event id, so a repeated delivery has no second effect.
 */
export class SandboxCallbacks implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(SandboxCallbacks.name);
  private readonly sweeper: PeriodicTask;
  private readonly purger: PeriodicTask;
  private readonly wakeUps = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly settings: SandboxCallbackSettings) {
    this.sweeper = new PeriodicTask({
      intervalMs: settings.sweepIntervalMs,
      tick: () => this.deliverDue(),
      onError: (error) =>
        this.log.warn(`sandbox callback sweep failed, retrying later: ${String(error)}`),
    });
    this.purger = new PeriodicTask({
      intervalMs: PURGE_EVERY_MS,
      tick: () => this.purgeFinished(),
      onError: (error) =>
        this.log.warn(`purging finished sandbox callbacks failed: ${String(error)}`),
    });
  }

  /**
   * Stores `callback`, due after the configured delay. It is committed before the provider answers
   * `PENDING`, so an accepted payment always gets its notification.
   */
  async schedule(callback: SandboxCallback): Promise<void> {
    await insertSandboxCallback(this.settings.db, callback, this.settings.delayMs);
    this.wakeIn(this.settings.delayMs);
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
    this.purger.start();
    this.purger.kick();
  }

  /** Delivers what is due now, then resolves. */
  sweep(): Promise<void> {
    return this.sweeper.runNow();
  }

  /**
   * Stops delivering: wake-ups are cancelled and tries in flight aborted (they are recorded as
   * failed tries, due again for the next process). Stored callbacks stay for the next sweep.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.wakeUps) clearTimeout(timer);
    this.wakeUps.clear();
    for (const controller of this.inFlight) controller.abort();
    await Promise.all([this.sweeper.stop(), this.purger.stop()]);
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /** Sweeps when a callback this process stored comes due, rather than at the next interval. */
  private wakeIn(ms: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.wakeUps.delete(timer);
      void this.sweeper.runNow();
    }, ms);
    timer.unref();
    this.wakeUps.add(timer);
  }

  /** One sweep: tries every due callback once; true when the batch was full. */
  private async deliverDue(): Promise<boolean> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((callback) => this.attempt(callback)));
    return claimed.length === BATCH;
  }

  /** Deletes callbacks delivered or given up longer ago than the retention; returns how many. */
  async purgeFinished(): Promise<number> {
    return deleteFinishedCallbacks(this.settings.db, this.settings.retentionHours ?? 168);
  }

  private async claim(): Promise<ClaimedCallback[]> {
    // The lease outlasts a try, so only a try whose process died comes due again.
    const leaseMs = (this.settings.timeoutMs ?? 5_000) + 5_000;
    return claimDueCallbacks(this.settings.db, BATCH, leaseMs);
  }

  private async attempt(callback: ClaimedCallback): Promise<void> {
    const problem = await this.post(callback);
    if (!problem) {
      await this.acknowledged(callback);
      return;
    }
    const maxAttempts = this.settings.maxAttempts ?? 8;
    if (callback.attempts >= maxAttempts) {
      this.log.warn(
        `sandbox callback ${callback.id} to ${callback.provider} given up after ${callback.attempts} tries: ${problem}`,
      );
      await giveUpCallback(this.settings.db, callback, problem);
      return;
    }
    const backoff = (this.settings.retryBaseMs ?? 250) * 2 ** (callback.attempts - 1);
    // Only if no other sweeper took it meanwhile (its lease having run out).
    await retryCallbackLater(this.settings.db, callback, backoff, problem);
    this.wakeIn(backoff);
  }

  /** Marks it delivered and, for a first notification, stores its duplicate, in one statement. */
  private async acknowledged(callback: ClaimedCallback): Promise<void> {
    const duplicateDelayMs = this.settings.duplicateDelayMs ?? 250;
    await markCallbackDelivered(this.settings.db, callback.id, duplicateDelayMs);
    if (!callback.duplicate) this.wakeIn(duplicateDelayMs);
  }

  /** One try: undefined when answered 2xx, else what went wrong. */
  private async post(callback: ClaimedCallback): Promise<string | undefined> {
    const secret = this.settings.secrets[callback.provider];
    if (!secret) return `no webhook secret for provider ${callback.provider}`;
    if (this.closed) return 'the service is shutting down';
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.settings.timeoutMs ?? 5_000);
    timeout.unref();
    try {
      const res = await fetch(`${this.settings.baseUrl()}/webhooks/payments/${callback.provider}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Signed per try, as providers do, so a retry is never refused as expired.
          'x-signature': signWebhook(callback.body, secret),
        },
        body: callback.body,
        signal: controller.signal,
      });
      await res.body?.cancel();
      return res.ok ? undefined : `answered ${res.status}`;
    } catch (error) {
      return (error as Error).message ?? String(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }
}
