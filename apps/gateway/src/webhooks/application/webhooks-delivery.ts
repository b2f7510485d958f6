import { Inject, Injectable } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { Periodic, PeriodicTasks, ROOT_LOGGER } from '@emporium/platform-app';
import { signWebhook } from '@emporium/platform-auth';
import { counter } from '@emporium/platform-observability';
import { nextAttemptAt, type RetryPolicy } from '../domain/webhooks';
import {
  claimDueDeliveries,
  markAttemptFailed,
  markDelivered,
  type ClaimedDeliveryRow,
} from '../persistence/webhook-delivery.queries';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';
import { WebhookAddresses } from './webhooks-addresses';
import { WebhookSecrets } from './webhooks-secrets';

const attemptsTotal = counter('webhook_attempts_total', 'Webhook delivery attempts by outcome', [
  'outcome',
]);

/** What one attempt got back. */
interface AttemptOutcome {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
}

/**
 * Sends due webhook deliveries. Each gateway claims a batch with `FOR UPDATE SKIP LOCKED` and
 * leases it (pushes `next_attempt_at` past the timeout), so replicas never send the same delivery
 * at once and a crashed sender's claim comes due again. A delivery waits while an earlier one of the
 * same subject for the same subscription is pending: an aggregate's events arrive in order.
 */
@Injectable()
export class WebhookDeliveryScheduler {
  private readonly log: Logger;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly db: DataSource,
    private readonly secrets: WebhookSecrets,
    private readonly addresses: WebhookAddresses,
    private readonly tasks: PeriodicTasks,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'webhooks' });
    this.policy = {
      initialBackoffMs: config.GATEWAY_WEBHOOKS_INITIAL_BACKOFF_MS,
      maxBackoffMs: config.GATEWAY_WEBHOOKS_MAX_BACKOFF_MS,
      retryForMs: config.GATEWAY_WEBHOOKS_RETRY_FOR_MS,
    };
  }

  /** Looks for due deliveries now (after a manual retry) instead of at the next poll. */
  kick(): void {
    this.tasks.kick(this, 'tick');
  }

  /** Sends one batch; true when the batch was full and more may be due. */
  @Periodic((self: WebhookDeliveryScheduler) => self.config.GATEWAY_WEBHOOKS_POLL_MS)
  async tick(): Promise<boolean> {
    const batch = this.config.GATEWAY_WEBHOOKS_BATCH;
    const claimed = await this.claim(batch);
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length === batch;
  }

  private claim(limit: number): Promise<ClaimedDeliveryRow[]> {
    const leaseSeconds = Math.ceil(this.config.GATEWAY_WEBHOOKS_TIMEOUT_MS / 1000) * 2 + 30;
    return claimDueDeliveries(this.db, limit, leaseSeconds);
  }

  private async attempt(delivery: ClaimedDeliveryRow): Promise<void> {
    const outcome = await this.send(delivery);
    attemptsTotal.inc({ outcome: outcome.ok ? 'delivered' : 'failed' });
    if (outcome.ok) {
      await markDelivered(this.db, delivery.id, outcome.statusCode);
      return;
    }
    const next = nextAttemptAt(
      this.policy,
      delivery.attempts,
      new Date(delivery.window_started_at),
      new Date(),
    );
    await markAttemptFailed(this.db, delivery.id, {
      status: next ? 'PENDING' : 'FAILED',
      statusCode: outcome.statusCode,
      error: outcome.error,
      nextAttemptAt: next ?? null,
    });
    this.log.warn(
      {
        deliveryId: delivery.id,
        attempts: delivery.attempts,
        statusCode: outcome.statusCode,
        error: outcome.error,
        nextAttemptAt: next,
      },
      next
        ? 'webhook delivery failed; will retry'
        : 'webhook delivery FAILED after its retry window',
    );
  }

  private send(delivery: ClaimedDeliveryRow): Promise<AttemptOutcome> {
    let url: URL;
    let secret: string;
    try {
      url = new URL(delivery.url);
      this.addresses.assertLiteralHostAllowed(url);
      secret = this.secrets.decrypt(delivery.secret_ciphertext);
    } catch (error) {
      return Promise.resolve({ ok: false, statusCode: null, error: (error as Error).message });
    }
    const timeoutMs = this.config.GATEWAY_WEBHOOKS_TIMEOUT_MS;
    const body = Buffer.from(delivery.body, 'utf8');
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const req = request(url, {
        method: 'POST',
        lookup: this.addresses.lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': 'Emporium-Webhooks/1',
          'x-emporium-event': delivery.event_type,
          'x-emporium-delivery': delivery.id,
          'x-signature': signWebhook(body, secret),
        },
      });
      // One deadline for connecting, sending and answering.
      const deadline = setTimeout(() => {
        settle({ ok: false, statusCode: null, error: `no answer within ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        res.on('error', () => undefined);
        res.on('end', () =>
          settle({ ok, statusCode: status, error: ok ? null : `HTTP ${status}` }),
        );
        res.resume(); // the answer's body is not needed
      });
      req.on('error', (error) =>
        settle({ ok: false, statusCode: null, error: error.message.slice(0, 500) }),
      );
      req.end(body);
    });
  }
}
