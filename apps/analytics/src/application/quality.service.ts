import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { quarantineSummary } from '../persistence/quarantine.queries';
import { countBotSessions } from '../persistence/sessions.queries';

/** What the cleaning rules did: quarantined events by reason and type, and bot sessions. */
@Injectable()
export class QualityService {
  constructor(private readonly db: DataSource) {}

  async report() {
    const [quarantine, bots] = await Promise.all([
      quarantineSummary(this.db),
      countBotSessions(this.db),
    ]);
    return {
      quarantine: quarantine.map((q) => ({
        reason: q.reason,
        eventType: q.event_type,
        total: Number(q.total),
        open: Number(q.open),
      })),
      botSessions: bots,
    };
  }
}
