import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope, EventType } from '@emporium/contracts';

/** Metadata key under which `@HandlesEvent` records the event types and group of a handler class. */
export const HANDLES_EVENT = 'emporium:handles-event';

/**
 * One consumed event type's effect, run inside the runner's transaction together with an inbox
 * row, so a redelivered event has no second effect.
 */
export interface EventHandler<T extends EventType = EventType> {
  /**
   * The effect is safe to repeat by itself (a live notification through `afterCommit`, or one
   * statement keyed by the event id): it runs without a transaction or inbox row, `tx` being the non-transactional
   * manager, after the type's transactional handlers have committed. Saves three database round trips per event.
   */
  readonly idempotent?: boolean;
  handle(
    event: EventEnvelope<T, EventData<T>>,
    tx: EntityManager,
    context: HandlerContext,
  ): Promise<void>;
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

/** Where a handler class is run. */
export interface HandlesEventOptions {
  /**
   * A consumer group of its own, `<service group>-<group>`, beside the service's group, so a slow
   * effect never holds up the others' (and vice versa); `/readyz` reports it under this name.
   */
  readonly group?: string;
}

/** What `@HandlesEvent` recorded on a handler class. */
export interface HandledEvents {
  readonly types: readonly EventType[];
  readonly group?: string;
}

/**
 * Marks a provider as the handler of one or more event types, in this service's consumer group or,
 * with `{ group }` last, in a group of its own. A type may have several handlers: the transactional
 * ones share the event's inbox transaction, the idempotent ones run once it has committed.
 */
export function HandlesEvent(
  ...args: [EventType, ...(EventType | HandlesEventOptions)[]]
): ClassDecorator {
  const last = args[args.length - 1];
  const options = typeof last === 'object' ? last : {};
  const types = args.filter((arg): arg is EventType => typeof arg === 'string');
  if (types.length === 0) throw new Error('@HandlesEvent needs at least one event type');
  const handled: HandledEvents = {
    types: [...new Set(types)],
    ...(options.group ? { group: options.group } : {}),
  };
  return SetMetadata(HANDLES_EVENT, handled);
}

/** The event types and group a `@HandlesEvent` class handles, or undefined for any other class. */
export function handledEventsOf(target: object): HandledEvents | undefined {
  return Reflect.getMetadata(HANDLES_EVENT, target) as HandledEvents | undefined;
}
