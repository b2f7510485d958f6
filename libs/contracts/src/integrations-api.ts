import type { IsoDateTime, Uuid } from './api-formats';
import type { WebhookDeliveryStatus } from './api-values';

/** A webhook subscription (`/integrations/webhooks`); the secret only in the answer that creates it. */
export interface WebhookView {
  readonly id: Uuid;
  readonly url: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly description: string | null;
  readonly createdAt: IsoDateTime;
  readonly secret?: string;
}

/** One delivery of an event to a webhook. */
export interface WebhookDeliveryView {
  readonly id: Uuid;
  readonly eventId: Uuid;
  readonly eventType: string;
  readonly subject: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: IsoDateTime | null;
  readonly createdAt: IsoDateTime;
  readonly deliveredAt: IsoDateTime | null;
}
