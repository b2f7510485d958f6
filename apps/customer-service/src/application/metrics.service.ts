import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { mean, quantile, round1 } from '../domain/statistics';
import { Clock } from './clock';

interface MetricRow {
  channel: string;
  priority: string;
  assignee_id: string | null;
  status: string;
  first_response_min: number | null;
  resolution_min: number | null;
  breached: boolean;
  rating_score: number | null;
}

const summary = (values: readonly number[]) => ({
  median: round1(quantile(values, 0.5)),
  p90: round1(quantile(values, 0.9)),
});
const numbers = (rows: readonly MetricRow[], pick: (r: MetricRow) => number | null) =>
  rows.map(pick).filter((v): v is number => v !== null);
const rate = (part: number, whole: number) => (whole ? Number((part / whole).toFixed(4)) : 0);

/** Desk performance over the tickets opened in a period (`GET /support/metrics`). */
@Injectable()
export class MetricsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Times are wall-clock minutes from opening; a ticket counts as breached when either SLA
   * deadline was missed, whether the monitor has flagged it yet or not.
   */
  async metrics(from: Date, to: Date) {
    const rows: MetricRow[] = await this.db.query(
      `SELECT channel, priority, assignee_id, status,
              extract(epoch FROM first_response_at - created_at) / 60 AS first_response_min,
              extract(epoch FROM resolved_at - created_at) / 60 AS resolution_min,
              (first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL
                OR coalesce(first_response_at, $3) > first_response_due_at
                OR (status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER') AND $3 > resolution_due_at)
                OR resolved_at > resolution_due_at) AS breached,
              rating_score
         FROM tickets WHERE created_at >= $1 AND created_at < $2`,
      [from, to, this.clock.now()],
    );
    const parsed = rows.map((r) => ({
      ...r,
      first_response_min: r.first_response_min === null ? null : Number(r.first_response_min),
      resolution_min: r.resolution_min === null ? null : Number(r.resolution_min),
    }));
    const csat = (set: readonly MetricRow[]) => round1(mean(numbers(set, (r) => r.rating_score)));
    const group = <K extends string>(key: (r: MetricRow) => K | null) => {
      const groups = new Map<K, MetricRow[]>();
      for (const r of parsed) {
        const k = key(r);
        if (k !== null) groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    const resolved = parsed.filter((r) => r.resolution_min !== null);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      tickets: parsed.length,
      resolved: resolved.length,
      firstResponseMinutes: summary(numbers(parsed, (r) => r.first_response_min)),
      resolutionMinutes: summary(numbers(parsed, (r) => r.resolution_min)),
      slaBreachRate: rate(parsed.filter((r) => r.breached).length, parsed.length),
      csatAverage: csat(parsed),
      ratings: numbers(parsed, (r) => r.rating_score).length,
      byChannel: group((r) => r.channel).map(([channel, set]) => ({
        channel,
        tickets: set.length,
        firstResponseMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.first_response_min),
            0.5,
          ),
        ),
        resolutionMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.resolution_min),
            0.5,
          ),
        ),
        slaBreachRate: rate(set.filter((r) => r.breached).length, set.length),
        csatAverage: csat(set),
      })),
      byPriority: group((r) => r.priority).map(([priority, set]) => ({
        priority,
        tickets: set.length,
        slaBreachRate: rate(set.filter((r) => r.breached).length, set.length),
      })),
      byAgent: group((r) => r.assignee_id).map(([agentId, set]) => ({
        agentId,
        handled: set.length,
        resolved: set.filter((r) => r.resolution_min !== null).length,
        firstResponseMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.first_response_min),
            0.5,
          ),
        ),
        resolutionMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.resolution_min),
            0.5,
          ),
        ),
        csatAverage: csat(set),
      })),
    };
  }
}
