import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the cleaning rules did: quarantined events by reason and type, and bot sessions. */
@Injectable()
export class QualityService {
  constructor(private readonly db: DataSource) {}

  async report() {
    const [quarantine, [bots]] = await Promise.all([
      this.db.query(
        `SELECT reason, event_type, count(*) AS total, count(*) FILTER (WHERE reason <> 'unknown-product'
                 OR NOT EXISTS (SELECT 1 FROM dim_products d WHERE d.product_id = q.product_id)) AS open
         FROM quarantine q GROUP BY reason, event_type ORDER BY reason, event_type`,
      ) as Promise<{ reason: string; event_type: string; total: string; open: string }[]>,
      this.db.query('SELECT count(*) AS bots FROM fact_sessions WHERE is_bot') as Promise<
        { bots: string }[]
      >,
    ]);
    return {
      quarantine: quarantine.map((q) => ({
        reason: q.reason,
        eventType: q.event_type,
        total: Number(q.total),
        open: Number(q.open),
      })),
      botSessions: Number(bots.bots),
    };
  }
}
