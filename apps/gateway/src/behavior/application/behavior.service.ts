import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BehaviorEventV1 } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';

/** Records storefront behavior for analytics, batched per session. */
@Injectable()
export class BehaviorService {
  constructor(private readonly db: DataSource) {}

  /**
   * One `behavior.recorded` per session in the batch, keyed by the session id, so one session's
   * events stay in order on `analytics.behavior`; all of the call's events commit together.
   */
  async record(events: readonly BehaviorEventV1[], customerId?: string): Promise<number> {
    const bySession = new Map<string, BehaviorEventV1[]>();
    for (const event of events) {
      const list = bySession.get(event.sessionId) ?? [];
      list.push(event);
      bySession.set(event.sessionId, list);
    }
    const receivedAt = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const [sessionId, list] of bySession) {
        await writeOutbox(tx, {
          type: 'behavior.recorded',
          subject: sessionId,
          data: { sessionId, ...(customerId ? { customerId } : {}), receivedAt, events: list },
        });
      }
    });
    return events.length;
  }
}
