import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope, EventType } from '@emporium/contracts';

/** Metadata key under which `@HandlesEvent` records the event type of a handler class. */
export const HANDLES_EVENT = 'emporium:handles-event';

/** One consumed event type's effect, run inside the runner's transaction. */
export interface EventHandler<T extends EventType = EventType> {
  handle(event: EventEnvelope<T, EventData<T>>, tx: EntityManager): Promise<void>;
}

/** Marks a provider as the handler of one event type for this service's consumer group. */
export const HandlesEvent = (type: EventType): ClassDecorator => SetMetadata(HANDLES_EVENT, type);
