import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ConflictError,
  NotFoundError,
  type ContentBannerView,
  type ContentBlock,
  type ContentPageView,
  type ContentStatus,
  type Page,
} from '@emporium/contracts';
import { transaction } from '@emporium/platform-persistence';
import {
  InvalidContentError,
  isLive,
  secondsUntilChange,
  validWindow,
} from '../domain/content-schedule';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { sanitizeRichText } from '../domain/rich-text';
import { ContentBannerEntity, ContentPageEntity } from '../persistence/content.entity';
import { CatalogCache } from './catalog-cache';
import { rethrowUniqueViolation } from './unique-violation';

interface ScheduleInput {
  readonly linkedProductIds?: readonly string[];
  readonly campaign?: string | null;
  readonly status?: ContentStatus;
  readonly publishAt?: string | null;
  readonly unpublishAt?: string | null;
}

/** A new content page (`POST /content/pages`). */
export interface ContentPageInput extends ScheduleInput {
  readonly slug: string;
  readonly title: string;
  readonly blocks?: readonly ContentBlock[];
}

/** A new banner (`POST /content/banners`). */
export interface ContentBannerInput extends ScheduleInput {
  readonly placement: string;
  readonly title: string;
  readonly imageUrl: string;
  readonly linkUrl: string;
  readonly priority?: number;
}

/** `PATCH`: fields left out stay; `null` clears campaign, publishAt and unpublishAt. */
export type ContentPageChange = Partial<ContentPageInput>;
export type ContentBannerChange = Partial<ContentBannerInput>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGES_LISTING = 'content-pages';
const BANNERS_LISTING = 'content-banners';

/** Content pages and banners: merchants write them, storefronts read the live ones (cached). */
@Injectable()
export class ContentService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  // Storefront reads

  /** The JSON of a page that is live now, by slug; 404 otherwise. */
  async livePageJson(slug: string, now = new Date()): Promise<string> {
    const what = `page:${slug}`;
    const cached = await this.cache.content(what);
    if (cached.json) return cached.json;
    const row = await this.db.manager.findOneBy(ContentPageEntity, { slug });
    if (!row || !isLive(row, now)) {
      throw new NotFoundError('content-not-found', `No published page ${slug}`);
    }
    const json = JSON.stringify(pageView(row));
    await this.cache.storeContent(cached.generation, what, json, secondsUntilChange(row, now));
    return json;
  }

  /** The JSON of the banners live now in a placement, highest priority first. */
  async liveBannersJson(placement: string, now = new Date()): Promise<string> {
    const what = `banners:${placement}`;
    const cached = await this.cache.content(what);
    if (cached.json) return cached.json;
    const rows = await this.db.manager.find(ContentBannerEntity, {
      where: { placement, status: 'PUBLISHED' },
      order: { priority: 'DESC', seq: 'ASC' },
    });
    const live = rows.filter((row) => isLive(row, now));
    const json = JSON.stringify({ items: live.map(bannerView), nextCursor: null });
    const until = Math.min(...rows.map((row) => secondsUntilChange(row, now)));
    await this.cache.storeContent(cached.generation, what, json, until);
    return json;
  }

  // Merchant pages

  async listPages(limit: number, cursor?: string): Promise<Page<ContentPageView>> {
    const rows = await this.listing(ContentPageEntity, PAGES_LISTING, limit, cursor);
    return pageOf(rows, limit, PAGES_LISTING, pageView);
  }

  /** A page as it is now, by id or slug, whatever its status and schedule (merchants). */
  async page(idOrSlug: string): Promise<ContentPageView> {
    const row = await this.db.manager.findOneBy(
      ContentPageEntity,
      UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
    );
    if (!row) throw new NotFoundError('content-not-found', `No content page ${idOrSlug}`);
    return pageView(row);
  }

  async createPage(input: ContentPageInput): Promise<ContentPageView> {
    const row = this.db.manager.create(ContentPageEntity, {
      id: randomUUID(),
      slug: input.slug,
      title: input.title,
      blocks: cleanBlocks(input.blocks ?? []),
      ...schedule(input, undefined),
    });
    await transaction(this.db, async (tx) => {
      if (await tx.existsBy(ContentPageEntity, { slug: input.slug })) {
        throw new ConflictError('slug-taken', `Another content page already uses ${input.slug}`);
      }
      await tx.insert(ContentPageEntity, row);
    }).catch(rethrowUniqueViolation);
    await this.cache.invalidateContent();
    return this.page(row.id);
  }

  async updatePage(id: string, change: ContentPageChange): Promise<ContentPageView> {
    await transaction(this.db, async (tx) => {
      const row = await this.findPage(tx, id);
      if (change.slug !== undefined && change.slug !== row.slug) {
        if (await tx.existsBy(ContentPageEntity, { slug: change.slug })) {
          throw new ConflictError('slug-taken', `Another content page already uses ${change.slug}`);
        }
        row.slug = change.slug;
      }
      row.title = change.title ?? row.title;
      if (change.blocks !== undefined) row.blocks = cleanBlocks(change.blocks);
      Object.assign(row, schedule(change, row));
      await tx.save(row);
    }).catch(rethrowUniqueViolation);
    await this.cache.invalidateContent();
    return this.page(id);
  }

  async deletePage(id: string): Promise<void> {
    const { affected } = await this.db.manager.delete(ContentPageEntity, { id });
    if (!affected) throw new NotFoundError('content-not-found', `No content page ${id}`);
    await this.cache.invalidateContent();
  }

  // Merchant banners

  async listBanners(limit: number, cursor?: string): Promise<Page<ContentBannerView>> {
    const rows = await this.listing(ContentBannerEntity, BANNERS_LISTING, limit, cursor);
    return pageOf(rows, limit, BANNERS_LISTING, bannerView);
  }

  async banner(id: string): Promise<ContentBannerView> {
    return bannerView(await this.findBanner(this.db.manager, id));
  }

  async createBanner(input: ContentBannerInput): Promise<ContentBannerView> {
    const row = this.db.manager.create(ContentBannerEntity, {
      id: randomUUID(),
      placement: input.placement,
      title: input.title,
      imageUrl: input.imageUrl,
      linkUrl: input.linkUrl,
      priority: input.priority ?? 0,
      ...schedule(input, undefined),
    });
    await this.db.manager.insert(ContentBannerEntity, row);
    await this.cache.invalidateContent();
    return this.banner(row.id);
  }

  async updateBanner(id: string, change: ContentBannerChange): Promise<ContentBannerView> {
    await transaction(this.db, async (tx) => {
      const row = await this.findBanner(tx, id);
      row.placement = change.placement ?? row.placement;
      row.title = change.title ?? row.title;
      row.imageUrl = change.imageUrl ?? row.imageUrl;
      row.linkUrl = change.linkUrl ?? row.linkUrl;
      row.priority = change.priority ?? row.priority;
      Object.assign(row, schedule(change, row));
      await tx.save(row);
    });
    await this.cache.invalidateContent();
    return this.banner(id);
  }

  async deleteBanner(id: string): Promise<void> {
    const { affected } = await this.db.manager.delete(ContentBannerEntity, { id });
    if (!affected) throw new NotFoundError('content-not-found', `No banner ${id}`);
    await this.cache.invalidateContent();
  }

  private async findPage(tx: EntityManager, id: string): Promise<ContentPageEntity> {
    const row = await tx.findOneBy(ContentPageEntity, { id });
    if (!row) throw new NotFoundError('content-not-found', `No content page ${id}`);
    return row;
  }

  private async findBanner(tx: EntityManager, id: string): Promise<ContentBannerEntity> {
    const row = await tx.findOneBy(ContentBannerEntity, { id });
    if (!row) throw new NotFoundError('content-not-found', `No banner ${id}`);
    return row;
  }

  /** Newest first, keyset-paged on insertion order. */
  private async listing<T extends ContentPageEntity | ContentBannerEntity>(
    entity: new () => T,
    name: string,
    limit: number,
    cursor?: string,
  ): Promise<T[]> {
    const query = this.db.manager
      .createQueryBuilder(entity, 'c')
      .orderBy('c.seq', 'DESC')
      .take(limit + 1);
    if (cursor) query.where('c.seq < :seq', { seq: decodeCursor(cursor, name).key });
    return query.getMany();
  }
}

function pageOf<T extends { seq: number; id: string }, V>(
  rows: readonly T[],
  limit: number,
  sort: string,
  view: (row: T) => V,
): Page<V> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ sort, key: last.seq, id: last.id }) : null,
  };
}

/** Every HTML block sanitised; product blocks kept as they are. */
function cleanBlocks(blocks: readonly ContentBlock[]): ContentBlock[] {
  return blocks.map((block) =>
    block.kind === 'html'
      ? { kind: 'html', html: sanitizeRichText(block.html) }
      : { kind: 'products', productIds: [...block.productIds] },
  );
}

type ScheduleFields = Pick<
  ContentPageEntity,
  'linkedProductIds' | 'campaign' | 'status' | 'publishAt' | 'unpublishAt'
>;

/** The schedule fields after `input` over `current` (a new item when undefined), checked. */
function schedule(input: ScheduleInput, current: ScheduleFields | undefined): ScheduleFields {
  const date = (value: string | null | undefined, was: Date | null) =>
    value === undefined ? was : value === null ? null : new Date(value);
  const next: ScheduleFields = {
    linkedProductIds: input.linkedProductIds
      ? [...input.linkedProductIds]
      : (current?.linkedProductIds ?? []),
    campaign: input.campaign === undefined ? (current?.campaign ?? null) : input.campaign,
    status: input.status ?? current?.status ?? 'DRAFT',
    publishAt: date(input.publishAt, current?.publishAt ?? null),
    unpublishAt: date(input.unpublishAt, current?.unpublishAt ?? null),
  };
  if (!validWindow(next.publishAt, next.unpublishAt)) {
    throw new InvalidContentError('invalid-schedule', 'unpublishAt must be after publishAt');
  }
  return next;
}

const iso = (at: Date | null) => (at ? at.toISOString() : null);

function pageView(row: ContentPageEntity): ContentPageView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    blocks: row.blocks,
    linkedProductIds: row.linkedProductIds,
    campaign: row.campaign,
    status: row.status,
    publishAt: iso(row.publishAt),
    unpublishAt: iso(row.unpublishAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function bannerView(row: ContentBannerEntity): ContentBannerView {
  return {
    id: row.id,
    placement: row.placement,
    title: row.title,
    imageUrl: row.imageUrl,
    linkUrl: row.linkUrl,
    linkedProductIds: row.linkedProductIds,
    campaign: row.campaign,
    status: row.status,
    publishAt: iso(row.publishAt),
    unpublishAt: iso(row.unpublishAt),
    priority: row.priority,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
