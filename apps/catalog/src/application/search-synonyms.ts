import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { transaction } from '@emporium/platform-persistence';
import { normaliseSynonymGroups } from '../domain/search-query';
import { replaceSynonymGroups, synonymGroups } from '../persistence/search.queries';
import { CatalogCache } from './catalog-cache';

/** How long a process searches with the groups it read before reading them again. */
const KEEP_MS = 1_000;

/**
 * The merchant's synonym groups, applied to each query as it is searched, so a change needs no
 * reindexing. Each process keeps the groups for a second; a change retires every cached listing
 * page now and once more after that second, so no page ranked with the old groups outlives it.
 */
@Injectable()
export class SearchSynonyms {
  private kept: { groups: string[][]; until: number } | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  /** The groups, each term in searchable form. */
  async groups(): Promise<string[][]> {
    if (this.kept && this.kept.until > Date.now()) return this.kept.groups;
    const groups = await synonymGroups(this.db);
    this.kept = { groups, until: Date.now() + KEEP_MS };
    return groups;
  }

  /** Replaces every group; answers them as they are matched. */
  async replace(groups: readonly (readonly string[])[]): Promise<string[][]> {
    const normalised = normaliseSynonymGroups(groups);
    await transaction(this.db, (tx) => replaceSynonymGroups(tx, normalised));
    this.kept = undefined;
    await this.cache.invalidate([]);
    const again = setTimeout(() => void this.cache.invalidate([]), KEEP_MS + 100);
    again.unref();
    return normalised;
  }
}
