import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { counter } from '@emporium/platform-observability';
import { listenForNotifications } from '@emporium/platform-persistence';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';

/** An active subscription as the recorder needs it. */
export interface ActiveSubscription {
  readonly id: string;
  readonly events: readonly string[];
}

const CHANNEL = 'emporium_webhook_subscriptions';

// A change by another writer applies to the events consumed once its notification has arrived.
const changesHeard = counter(
  'emporium_gateway_webhook_subscription_changes_heard_total',
  'Changes to webhook subscriptions this replica was notified of (its kept list read again)',
);

/**
 * The active subscriptions, read once and kept until a change to the table is notified (a trigger
 * on `webhook_subscriptions` notifies every replica when the change commits): the recorder looks
 * at them for every consumed event, and most events have no subscriber. Without its LISTEN
 * connection it keeps nothing and reads them every time.
 */
@Injectable()
export class ActiveSubscriptions implements OnModuleDestroy {
  private cached?: Promise<ActiveSubscription[]>;
  private listener?: Promise<Client | undefined>;
  private readonly log: Logger;

  constructor(
    private readonly db: DataSource,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'webhooks' });
  }

  async list(): Promise<ActiveSubscription[]> {
    this.listener ??= this.listen();
    if (!(await this.listener)) return this.read();
    this.cached ??= this.read().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  /** Drops the kept list at once (this replica's own changes, before their notification). */
  forget(): void {
    this.cached = undefined;
  }

  async onModuleDestroy(): Promise<void> {
    const client = await this.listener;
    this.listener = Promise.resolve(undefined);
    await client?.end().catch(() => undefined);
  }

  private read(): Promise<ActiveSubscription[]> {
    return this.db.manager.find(WebhookSubscriptionEntity, {
      select: { id: true, events: true },
      where: { active: true },
    });
  }

  private async listen(): Promise<Client | undefined> {
    const url = (this.db.options as PostgresConnectionOptions).url!;
    try {
      return await listenForNotifications(url, CHANNEL, {
        onNotification: () => {
          changesHeard.inc();
          this.forget();
        },
        onLost: (error) => {
          this.log.warn(
            { err: error },
            'webhook subscriptions: LISTEN lost; reading them per event',
          );
          this.listener = Promise.resolve(undefined);
          this.forget();
        },
      });
    } catch (error) {
      this.log.warn({ err: error }, 'webhook subscriptions: LISTEN failed; reading them per event');
      return undefined;
    }
  }
}
