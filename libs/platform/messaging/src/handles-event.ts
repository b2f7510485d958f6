import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope, EventType } from '@emporium/contracts';

/** Metadata key under which `@HandlesEvent` records the event type of a handler class. */
export const HANDLES_EVENT = 'emporium:handles-event';

/**
 * One consumed event type's effect, run inside the runner's transaction together with an inbox
 * row, so a redelivered event has no second effect.
 */
export interface EventHandler<T extends EventType = EventType> {
  /**
   * The effect is safe to repeat by itself (a live notification through `afterCommit`, or one
   * statement keyed by the event id): it runs without a transaction or inbox row, `tx` being the non-transactional
   * manager. Saves three database round trips per event.
   */
  readonly idempotent?: boolean;
  handle(event: EventEnvelope<T, EventData<T>>, tx: EntityManager, context: HandlerContext): Promise<void>;
}

/** What the runner offers a handler besides the transaction. */
export interface HandlerContext {
  /**
   * Runs `effect` once the handling has committed (at once after `handle` for an idempotent
   * handler), never when it rolled back: for effects outside the database, such as a live push.
   * A failing effect is logged; the event stays handled.
   */
  afterCommit(effect: () => Promise<void> | void): void;
}

/** Marks a provider as the handler of one event type for this service's consumer group. */
export const HandlesEvent = (type: EventType): ClassDecorator => SetMetadata(HANDLES_EVENT, type);
