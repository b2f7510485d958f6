import type { BehaviorType } from '../api-values';

/** Where a session came from (social media, content, search, a campaign link). */
export interface UtmV1 {
  readonly source: string;
  readonly medium?: string;
  readonly campaign?: string;
}

/** One behavior event as a client reported it. */
export interface BehaviorEventV1 {
  readonly type: BehaviorType;
  readonly sessionId: string;
  readonly productId?: string;
  readonly sku?: string;
  readonly query?: string;
  readonly utm?: UtmV1;
  readonly at: string;
}

/** `behavior.recorded` v1: the events of one session from one `POST /events` call, in order. */
export interface BehaviorRecordedV1 {
  readonly sessionId: string;
  /** The signed-in customer, when the call carried a customer's token. */
  readonly customerId?: string;
  readonly receivedAt: string;
  readonly events: readonly BehaviorEventV1[];
}
