import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page, SearchSuggestion, SearchTermView } from '@emporium/contracts';
import { searchable } from '../domain/search-query';
import { reportDays, zeroResultShare } from '../domain/search-terms';
import { searchTermsBetween, suggestions } from '../persistence/search.queries';
import { SearchSynonyms } from './search-synonyms';

/** Search beside the listing: suggestions while typing, synonyms, the search-terms report. */
@Injectable()
export class SearchService {
  constructor(
    private readonly db: DataSource,
    private readonly synonyms: SearchSynonyms,
  ) {}

  /** Up to `limit` completions of what a shopper has typed so far. */
  async suggest(q: string, limit: number): Promise<Page<SearchSuggestion>> {
    const prefix = searchable(q);
    const items = prefix ? await suggestions(this.db, prefix, limit) : [];
    return { items: items.map((s) => ({ text: s.text, kind: s.kind })), nextCursor: null };
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
