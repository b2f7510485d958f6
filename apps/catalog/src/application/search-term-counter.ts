import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Periodic } from '@emporium/platform-app';
import { businessDay, countKey } from '../domain/search-terms';
import { addSearchTermCounts, type SearchTermCount } from '../persistence/search.queries';

/** How often counted searches are added to the database. */
const FLUSH_EVERY_MS = 5_000;

/**
 * Counts searches per term and business day, and those that found nothing (the gaps merchants
 * read in `GET /analytics/search-terms`). A search is counted in memory and written in one
 * statement every few seconds, so counting costs a search no database write; a crash loses at
 * most those seconds, a normal stop writes them.
 */
@Injectable()
export class SearchTermCounter implements BeforeApplicationShutdown {
  private readonly log = new Logger(SearchTermCounter.name);
  private pending = new Map<string, SearchTermCount>();

  constructor(private readonly db: DataSource) {}

  /** Counts one search of `term` (searchable form) at `at`, and whether it found nothing. */
  count(term: string, zeroResults: boolean, at = new Date()): void {
    const day = businessDay(at);
    const key = countKey(day, term);
    const seen = this.pending.get(key);
    this.pending.set(key, {
      day,
      term,
      searches: (seen?.searches ?? 0) + 1,
      zeroResults: (seen?.zeroResults ?? 0) + (zeroResults ? 1 : 0),
    });
  }

  /** Writes what was counted since the last flush; on failure keeps it for the next one. */
  @Periodic(FLUSH_EVERY_MS)
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const counts = [...this.pending.values()];
    this.pending = new Map();
    try {
      await addSearchTermCounts(this.db, counts);
    } catch (error) {
      for (const c of counts) {
        const key = countKey(c.day, c.term);
        const later = this.pending.get(key);
        this.pending.set(key, {
          ...c,
          searches: c.searches + (later?.searches ?? 0),
          zeroResults: c.zeroResults + (later?.zeroResults ?? 0),
        });
      }
      this.log.warn(`Search term counts kept for the next flush: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
