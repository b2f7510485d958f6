import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import { CATALOG_CONFIG, cachePrefix, type CatalogConfig } from '../config';

/** A reader racing a writer can put back what was just deleted; a second delete after this clears it. */
const SECOND_DELETE_MS = 300;

/** Far above any page's TTL, so a restarted generation never meets a page of its earlier life. */
const GENERATION_TTL_SECONDS = 86_400;

/**
 * Hot reads in Redis: product details (by id and by slug), the first pages of listings, and the
 * storefront's content (pages by slug, banners by placement).
 * Details are deleted when their product changes; listing pages are keyed by a generation number
 * that every change bumps, so one INCR retires every cached page at once. Redis trouble never fails
 * a read: the database answers instead.
 */
@Injectable()
export class CatalogCache {
  private readonly log = new Logger(CatalogCache.name);
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CATALOG_CONFIG) config: CatalogConfig,
  ) {
    this.prefix = cachePrefix(config);
    this.ttl = config.CATALOG_CACHE_TTL_SECONDS;
  }

  /** The cached JSON of a product detail, by id or slug. */
  product(idOrSlug: string): Promise<string | null> {
    return this.safely(() => this.redis.get(this.productKey(idOrSlug)), null);
  }

  /** Stores a product detail under every key it is reachable by. */
  async storeProduct(keys: readonly string[], json: string): Promise<void> {
    await this.safely(async () => {
      const batch = this.redis.multi();
      for (const key of keys) batch.set(this.productKey(key), json, 'EX', this.ttl);
      await batch.exec();
    }, undefined);
  }

  /** The cached JSON of a listing page, and the generation to store a fresh one under. */
  async listing(query: string): Promise<{ json: string | null; generation: string }> {
    return this.safely(
      async () => {
        const generation = (await this.redis.get(this.generationKey())) ?? '0';
        return { json: await this.redis.get(this.listingKey(generation, query)), generation };
      },
      { json: null, generation: '' },
    );
  }

  /** Stores a listing page under the generation it was read in. */
  async storeListing(generation: string, query: string, json: string): Promise<void> {
    if (!generation) return;
    await this.safely(
      () => this.redis.set(this.listingKey(generation, query), json, 'EX', this.ttl),
      undefined,
    );
  }

  /** Forgets the details of products (by every id and slug given) and every cached listing page. */
  async invalidate(productKeys: readonly string[]): Promise<void> {
    await this.forget(productKeys);
    const timer = setTimeout(() => void this.forget(productKeys), SECOND_DELETE_MS);
    timer.unref();
  }

  private async forget(productKeys: readonly string[]): Promise<void> {
    await this.safely(async () => {
      // The generation outlives every page cached under it; when it expires, so have they.
      const batch = this.redis
        .multi()
        .incr(this.generationKey())
        .expire(this.generationKey(), GENERATION_TTL_SECONDS);
      if (productKeys.length) batch.del(...productKeys.map((k) => this.productKey(k)));
      await batch.exec();
    }, undefined);
  }

  /**
   * The cached JSON of a storefront content read (a page by slug, a placement's banners), and the
   * content generation to store a fresh one under. Every merchant write to content bumps it.
   */
  async content(what: string): Promise<{ json: string | null; generation: string }> {
    return this.safely(
      async () => {
        const generation = (await this.redis.get(this.contentGenerationKey())) ?? '0';
        return { json: await this.redis.get(this.contentKey(generation, what)), generation };
      },
      { json: null, generation: '' },
    );
  }

  /** Stores a content read for at most `maxSeconds` (when its schedule next changes what is live). */
  async storeContent(
    generation: string,
    what: string,
    json: string,
    maxSeconds = Infinity,
  ): Promise<void> {
    const ttl = Math.min(this.ttl, Math.floor(maxSeconds));
    if (!generation || ttl < 1) return;
    await this.safely(
      () => this.redis.set(this.contentKey(generation, what), json, 'EX', ttl),
      undefined,
    );
  }

  /** Retires every cached content read (twice, for a reader racing the write). */
  async invalidateContent(): Promise<void> {
    const bump = () =>
      this.safely(async () => {
        await this.redis
          .multi()
          .incr(this.contentGenerationKey())
          .expire(this.contentGenerationKey(), GENERATION_TTL_SECONDS)
          .exec();
      }, undefined);
    await bump();
    const timer = setTimeout(() => void bump(), SECOND_DELETE_MS);
    timer.unref();
  }

  private contentGenerationKey(): string {
    return `${this.prefix}:content-generation`;
  }

  private contentKey(generation: string, what: string): string {
    return `${this.prefix}:content:${generation}:${what}`;
  }

  private productKey(idOrSlug: string): string {
    return `${this.prefix}:product:${idOrSlug}`;
  }

  private generationKey(): string {
    return `${this.prefix}:listing-generation`;
  }

  private listingKey(generation: string, query: string): string {
    return `${this.prefix}:listing:${generation}:${query}`;
  }

  private async safely<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.log.warn({ err: error }, 'Redis cache unavailable; answering from the database');
      return fallback;
    }
  }
}
