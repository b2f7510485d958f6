import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BadRequestError,
  BusinessRuleError,
  NotFoundError,
  type EventEnvelope,
} from '@emporium/contracts';
import { subscribes, unknownPatterns, type WebhookDeliveryStatus } from '../domain/webhooks';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { insertDeliveries, retryDeliveryNow } from '../persistence/webhook-delivery.queries';
import { ActiveSubscriptions } from './active-subscriptions';
import { WebhookAddresses } from './webhooks-addresses';
import { WebhookSecrets } from './webhooks-secrets';

/** A subscription as the API shows it (the secret only in the answer that creates it). */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly description: string | null;
  readonly createdAt: string;
  readonly secret?: string;
}

/** A delivery as the API shows it. */
export interface WebhookDeliveryView {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** One page of a list (API.md "lists"). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

const MAX_LIMIT = 100;

function pageSize(limit?: number): number {
  return Math.min(Math.max(1, limit ?? 20), MAX_LIMIT);
}

function toView(s: WebhookSubscriptionEntity, secret?: string): WebhookView {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    active: s.active,
    description: s.description,
    createdAt: s.createdAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}

function toDeliveryView(d: WebhookDeliveryEntity): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'PENDING' && d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

function checkPatterns(events: readonly string[]): void {
  const unknown = unknownPatterns(events);
  if (unknown.length > 0) {
    throw new BusinessRuleError(
      'webhook-unknown-events',
      `No event type matches ${unknown.join(', ')}`,
    );
  }
}

/** Webhook subscriptions, their delivery log and manual retries (API.md "Integrations"). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly secrets: WebhookSecrets,
    private readonly addresses: WebhookAddresses,
    private readonly active: ActiveSubscriptions,
  ) {}

  async subscribe(input: {
    url: string;
    events: readonly string[];
    description?: string;
  }): Promise<WebhookView> {
    checkPatterns(input.events);
    const url = await this.addresses.check(input.url);
    const secret = this.secrets.generate();
    const repository = this.db.getRepository(WebhookSubscriptionEntity);
    const saved = await repository.save(
      repository.create({
        url: url.toString(),
        events: [...new Set(input.events)],
        description: input.description ?? null,
        active: true,
        secretCiphertext: this.secrets.encrypt(secret),
      }),
    );
    this.active.forget();
    return toView(saved, secret);
  }

  async list(limit?: number, cursor?: string): Promise<Page<WebhookView>> {
    const size = pageSize(limit);
    const query = this.db
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .orderBy('s.created_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(size + 1);
    const after = cursor ? this.decodeCursor(cursor) : undefined;
    if (after) query.where('(s.created_at, s.id) > (:at, :id)', after);
    const rows = await query.getMany();
    const items = rows.slice(0, size);
    const last = items.at(-1);
    const nextCursor =
      rows.length > size && last
        ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url')
        : null;
    return { items: items.map((s) => toView(s)), nextCursor };
  }

  async change(
    id: string,
    patch: { events?: readonly string[]; active?: boolean },
  ): Promise<WebhookView> {
    if (patch.events) checkPatterns(patch.events);
    const repository = this.db.getRepository(WebhookSubscriptionEntity);
    const subscription = await this.find(id);
    if (patch.events) subscription.events = [...new Set(patch.events)];
    if (patch.active !== undefined) subscription.active = patch.active;
    const saved = await repository.save(subscription);
    this.active.forget();
    return toView(saved);
  }

  async remove(id: string): Promise<void> {
    const { affected } = await this.db.getRepository(WebhookSubscriptionEntity).delete({ id });
    this.active.forget();
    if (!affected) throw new NotFoundError('webhook-not-found', `No webhook ${id}`);
  }

  async deliveries(
    id: string,
    options: { status?: WebhookDeliveryStatus; limit?: number; cursor?: string },
  ): Promise<Page<WebhookDeliveryView>> {
    await this.find(id);
    const size = pageSize(options.limit);
    const query = this.db
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.subscription_id = :id', { id })
      .orderBy('d.seq', 'DESC')
      .limit(size + 1);
    if (options.status) query.andWhere('d.status = :status', { status: options.status });
    if (options.cursor) {
      // A bigint's range: a longer number would fail in Postgres instead of here.
      if (!/^\d{1,18}$/.test(options.cursor)) throw invalidCursor();
      query.andWhere('d.seq < :seq', { seq: options.cursor });
    }
    const rows = await query.getMany();
    const items = rows.slice(0, size);
    return {
      items: items.map(toDeliveryView),
      nextCursor: rows.length > size ? (items.at(-1)?.seq ?? null) : null,
    };
  }

  /** Sends a delivery again now, with a fresh retry window; a delivered one is sent once more. */
  async retry(id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    await this.find(id);
    if (!(await retryDeliveryNow(this.db, id, deliveryId)))
      throw new NotFoundError('webhook-delivery-not-found', `No delivery ${deliveryId}`);
    const delivery = await this.db
      .getRepository(WebhookDeliveryEntity)
      .findOneByOrFail({ id: deliveryId });
    return toDeliveryView(delivery);
  }

  /**
   * Records a delivery of `event` for every active subscription whose patterns match; one
   * statement, unique per subscription and event, so a redelivered event records nothing more.
   * An event nobody subscribed to costs no statement (the active subscriptions are kept).
   */
  async enqueue(db: EntityManager, event: EventEnvelope): Promise<number> {
    const subscriptions = await this.active.list();
    const targets = subscriptions.filter((s) => subscribes(s.events, event.type)).map((s) => s.id);
    if (targets.length === 0) return 0;
    await insertDeliveries(db, targets, event);
    return targets.length;
  }

  private async find(id: string): Promise<WebhookSubscriptionEntity> {
    const subscription = await this.db.getRepository(WebhookSubscriptionEntity).findOneBy({ id });
    if (!subscription) throw new NotFoundError('webhook-not-found', `No webhook ${id}`);
    return subscription;
  }

  private decodeCursor(cursor: string): { at: string; id: string } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    // Exactly what list() writes: anything else would reach Postgres as a timestamp or uuid it cannot read.
    const [at, id] = Array.isArray(parsed) && parsed.length === 2 ? (parsed as unknown[]) : [];
    if (
      typeof at !== 'string' ||
      typeof id !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at) ||
      Number.isNaN(Date.parse(at)) ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
    ) {
      throw invalidCursor();
    }
    return { at, id };
  }
}

function invalidCursor(): BadRequestError {
  return new BadRequestError('invalid-cursor', 'The cursor is not one this listing handed out');
}
