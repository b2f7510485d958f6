import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page, SearchSuggestion, SearchTermView } from '@emporium/contracts';
import { searchable } from '../domain/search-query';
import { reportDays, zeroResultShare } from '../domain/search-terms';
import { searchTermsBetween, suggestions } from '../persistence/search.queries';
import { CatalogCache } from './catalog-cache';
import { SearchSynonyms } from './search-synonyms';

/** Search beside the listing: suggestions while typing, synonyms, the search-terms report. */
@Injectable()
export class SearchService {
  constructor(
    private readonly db: DataSource,
    private readonly synonyms: SearchSynonyms,
    private readonly cache: CatalogCache,
  ) {}

  /**
   * The JSON of up to `limit` completions of what a shopper has typed so far. Shoppers type the
   * same first characters over and over, so answers are cached like listing pages, retired by every
   * catalog change (popular queries join them within the cache's TTL).
   */
  async suggestJson(q: string, limit: number): Promise<string> {
    const prefix = searchable(q);
    const key = JSON.stringify(['suggest', prefix, limit]);
    const cached = await this.cache.listing(key);
    if (cached.json) return cached.json;
    const items = prefix ? await suggestions(this.db, prefix, limit) : [];
    const page: Page<SearchSuggestion> = {
      items: items.map((s) => ({ text: s.text, kind: s.kind })),
      nextCursor: null,
    };
    const json = JSON.stringify(page);
    await this.cache.storeListing(cached.generation, key, json);
    return json;
  }

  /** The synonym groups as they are matched. */
  async synonymGroups(): Promise<{ groups: string[][] }> {
    return { groups: await this.synonyms.groups() };
  }

  /** Replaces every synonym group. */
  async replaceSynonyms(groups: readonly (readonly string[])[]): Promise<{ groups: string[][] }> {
    return { groups: await this.synonyms.replace(groups) };
  }

  /** The terms searched in a period, those that most often found nothing first. */
  async searchTerms(from: string, to: string, limit: number): Promise<Page<SearchTermView>> {
    const { fromDay, toDay } = reportDays(from, to);
    const rows = await searchTermsBetween(this.db, fromDay, toDay, limit);
    return {
      items: rows.map((r) => ({
        term: r.term,
        searches: r.searches,
        zeroResults: r.zero_results,
        zeroResultShare: zeroResultShare(r.searches, r.zero_results),
      })),
      nextCursor: null,
    };
  }
}
