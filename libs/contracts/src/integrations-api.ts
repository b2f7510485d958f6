import type { WebhookDeliveryStatus } from './api-values';

/** A webhook subscription (`/integrations/webhooks`); the secret only in the answer that creates it. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly description: string | null;
  readonly createdAt: string;
  readonly secret?: string;
}

/** One delivery of an event to a webhook. */
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
