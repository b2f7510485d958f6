import type { EventType } from './topics';
import type { CustomerRegisteredV1, CustomerTierChangedV1 } from './identity-customer';

/**
 * The `data` type of each event type. A topic's file adds its entries when its producer lands;
 * an event without an entry here is published with its data checked only as a JSON object.
 */
export interface EventDataMap {
  'customer.registered': CustomerRegisteredV1;
  'customer.tier-changed': CustomerTierChangedV1;
}

/** The `data` of an event type: its contract where one is declared, else a JSON object. */
export type EventData<T extends EventType> = T extends keyof EventDataMap
  ? EventDataMap[T]
  : Readonly<Record<string, unknown>>;
