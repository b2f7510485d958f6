import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Periodic } from '@emporium/platform-app';
import { counter } from '@emporium/platform-observability';
import { businessDay, countKey, MAX_REPORT_DAYS } from '../domain/search-terms';
import {
  addSearchTermCounts,
  deleteSearchTermDaysBefore,
  type SearchTermCount,
} from '../persistence/search.queries';

/** How often counted searches are added to the database. */
const FLUSH_EVERY_MS = 5_000;
/** How often days older than the longest report are deleted. */
const PRUNE_EVERY_MS = 3_600_000;
/**
 * Distinct terms held between flushes (or while the database is away): a flood of made-up terms
 * cannot grow memory without bound; terms already held keep counting.
 */
export const MAX_PENDING_TERMS = 20_000;

const termsNotCounted = counter(
  'emporium_catalog_search_terms_not_counted_total',
  'Searches of a new term not counted because MAX_PENDING_TERMS were waiting to be written',
);

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
    if (!seen && this.pending.size >= MAX_PENDING_TERMS) {
      termsNotCounted.inc();
      return;
    }
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
        if (!later && this.pending.size >= MAX_PENDING_TERMS) {
          termsNotCounted.inc(c.searches);
          continue;
        }
        this.pending.set(key, {
          ...c,
          searches: c.searches + (later?.searches ?? 0),
          zeroResults: c.zeroResults + (later?.zeroResults ?? 0),
        });
      }
      this.log.warn(`Search term counts kept for the next flush: ${(error as Error).message}`);
    }
  }

  /** Forgets days no report can ask for any more (any replica may run it: a delete is idempotent). */
  @Periodic(PRUNE_EVERY_MS)
  async prune(now = new Date()): Promise<void> {
    await deleteSearchTermDaysBefore(
      this.db,
      businessDay(new Date(now.getTime() - MAX_REPORT_DAYS * 86_400_000)),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
