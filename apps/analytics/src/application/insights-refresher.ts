import { Injectable, Logger } from '@nestjs/common';
import { Periodic } from '@emporium/platform-app';
import { InsightSnapshots } from './insight-snapshots';
import { InsightsService, type InsightRequest } from './insights.service';

/** Stale answers recomputed per sweep at most: one sweep must not hog the process. */
const REFRESHES_PER_SWEEP = 10;
/** Answers asked for within this are kept fresh; older ones wait for their next reader. */
const KEEP_FRESH_SECONDS = 86_400;
/** Answers nobody asked for within this many days are dropped. */
const FORGET_DAYS = 7;

/**
 * Keeps the stored insight answers fresh: today's dashboard defaults (so even the first view is
 * instant) and whatever was asked for within a day, recomputed once past their max age. Every
 * replica may run it; a lease on each row lets one of them do each recomputation.
 */
@Injectable()
export class InsightsRefresher {
  private readonly log = new Logger(InsightsRefresher.name);

  constructor(
    private readonly insights: InsightsService,
    private readonly snapshots: InsightSnapshots,
  ) {}

  /** One sweep; resolves when it is done (failures are logged, not thrown). */
  refreshNow(): Promise<void> {
    return this.sweep().catch((error: unknown) =>
      this.log.warn(`Refreshing insights failed: ${(error as Error).message}`),
    );
  }

  @Periodic((self: InsightsRefresher) => Math.min(60, self.snapshots.maxAgeSeconds) * 1_000, {
    atStart: true,
    when: (self) => self.snapshots.enabled,
  })
  async sweep(): Promise<void> {
    // Defaults first; refresh() itself skips an answer that is fresh or that another replica holds.
    const due = [
      ...this.insights.defaultRequests(new Date()),
      ...((await this.snapshots.staleRequests(
        KEEP_FRESH_SECONDS,
        REFRESHES_PER_SWEEP,
      )) as InsightRequest[]),
    ];
    let refreshed = 0;
    for (const request of due) {
      if (refreshed === REFRESHES_PER_SWEEP) break;
      if (await this.insights.refresh(request)) refreshed++;
    }
    const forgotten = await this.snapshots.forget(FORGET_DAYS);
    if (refreshed + forgotten > 0) {
      this.log.log(`${refreshed} insight answer(s) recomputed, ${forgotten} forgotten`);
    }
  }
}
