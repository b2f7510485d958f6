import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BehaviorEventV1, BehaviorRecordedV1, EventEnvelope } from '@emporium/contracts';
import {
  behaviorEventProblem,
  behaviorKey,
  isBotLike,
  peakEventsPerSecond,
} from '../domain/cleaning';
import { insertBehaviorEvents, sessionEventTimes } from '../persistence/sessions.queries';
import { QuarantineService } from './quarantine.service';
import { SessionsService } from './sessions.service';

/**
 * Storefront behavior: malformed events of a batch are quarantined one by one (the rest is kept),
 * events already stored (a client's retry) are dropped by their content key, and the session is
 * re-rated for bot-like bursts over the seconds the new events touch.
 */
@Injectable()
export class BehaviorFactsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly quarantine: QuarantineService,
  ) {}

  async recorded(event: EventEnvelope<'behavior.recorded', BehaviorRecordedV1>, tx: EntityManager) {
    const { sessionId, customerId } = event.data;
    const valid: BehaviorEventV1[] = [];
    for (const [i, item] of (event.data.events as readonly unknown[]).entries()) {
      const problem = behaviorEventProblem(item, sessionId);
      if (problem)
        await this.quarantine.put(tx, event, 'malformed', `events[${i}]: ${problem}`, item);
      else valid.push(item as BehaviorEventV1);
    }
    if (valid.length === 0) return;
    const keys = valid.map(behaviorKey);
    const fresh = new Set(
      await insertBehaviorEvents(tx, sessionId, customerId ?? null, valid, keys),
    );
    const added = valid.filter((e, i) => fresh.delete(keys[i]));
    if (added.length === 0) return;
    const productIds = added.flatMap((e) => (e.productId ? [e.productId] : []));
    if (productIds.length) await this.quarantine.unknownProducts(tx, event, productIds);
    const times = added.map((e) => Date.parse(e.at));
    const nearby = await sessionEventTimes(
      tx,
      sessionId,
      new Date(Math.min(...times) - 1_000),
      new Date(Math.max(...times) + 1_000),
    );
    const isBot = isBotLike(peakEventsPerSecond(nearby));
    await this.sessions.addBehavior(tx, sessionId, customerId, added, isBot);
  }
}
