import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BehaviorEventV1 } from '@emporium/contracts';
import {
  contributionDelta,
  withBehavior,
  withPaidOrder,
  type SessionState,
} from '../domain/sessions';
import { addToChannelDaily, lockSession, saveSession } from '../persistence/sessions.queries';

/**
 * Sessions and the daily channel rollup (which is also the funnel). A session's contribution is
 * recomputed from its whole state on every change and the rollup moves by the difference, so late,
 * reordered and bot-revealing events all end in the same numbers.
 */
@Injectable()
export class SessionsService {
  /** Applies new, deduplicated behavior events of one session. */
  async addBehavior(
    tx: EntityManager,
    sessionId: string,
    customerId: string | undefined,
    events: readonly BehaviorEventV1[],
    isBot: boolean,
  ): Promise<void> {
    const before = await lockSession(tx, sessionId, customerId ?? null);
    await this.save(tx, sessionId, before, withBehavior(before, events, isBot));
  }

  /** Counts a paid order for the session it came from. */
  async addPaidOrder(tx: EntityManager, sessionId: string, amount: number): Promise<void> {
    const before = await lockSession(tx, sessionId, null);
    await this.save(tx, sessionId, before, withPaidOrder(before, amount));
  }

  private async save(
    tx: EntityManager,
    sessionId: string,
    before: SessionState,
    after: SessionState,
  ) {
    await saveSession(tx, sessionId, after);
    const { remove, add } = contributionDelta(before, after);
    if (remove) await addToChannelDaily(tx, remove, -1);
    if (add) await addToChannelDaily(tx, add, 1);
  }
}
