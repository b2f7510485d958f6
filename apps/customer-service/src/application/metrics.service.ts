import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { mean, quantile, round1 } from '../domain/statistics';
import { ticketTimings, type TicketTiming } from '../persistence/ticket.queries';
import { Clock } from './clock';

const summary = (values: readonly number[]) => ({
  median: round1(quantile(values, 0.5)),
  p90: round1(quantile(values, 0.9)),
});
const numbers = (rows: readonly TicketTiming[], pick: (r: TicketTiming) => number | null) =>
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
    const timings = await ticketTimings(this.db, from, to, this.clock.now());
    const csat = (set: readonly TicketTiming[]) => round1(mean(numbers(set, (r) => r.ratingScore)));
    const group = <K extends string>(key: (r: TicketTiming) => K | null) => {
      const groups = new Map<K, TicketTiming[]>();
      for (const r of timings) {
        const k = key(r);
        if (k !== null) groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    const resolved = timings.filter((r) => r.resolutionMinutes !== null);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      tickets: timings.length,
      resolved: resolved.length,
      firstResponseMinutes: summary(numbers(timings, (r) => r.firstResponseMinutes)),
      resolutionMinutes: summary(numbers(timings, (r) => r.resolutionMinutes)),
      slaBreachRate: rate(timings.filter((r) => r.breached).length, timings.length),
      csatAverage: csat(timings),
      ratings: numbers(timings, (r) => r.ratingScore).length,
      byChannel: group((r) => r.channel).map(([channel, set]) => ({
        channel,
        tickets: set.length,
        firstResponseMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.firstResponseMinutes),
            0.5,
          ),
        ),
        resolutionMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.resolutionMinutes),
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
      byAgent: group((r) => r.assigneeId).map(([agentId, set]) => ({
        agentId,
        handled: set.length,
        resolved: set.filter((r) => r.resolutionMinutes !== null).length,
        firstResponseMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.firstResponseMinutes),
            0.5,
          ),
        ),
        resolutionMinutesMedian: round1(
          quantile(
            numbers(set, (r) => r.resolutionMinutes),
            0.5,
          ),
        ),
        csatAverage: csat(set),
      })),
    };
  }
}
