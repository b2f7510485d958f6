import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Page,
  type ReviewView,
} from '@emporium/contracts';
import { transaction } from '@emporium/platform-persistence';
import { decodeCursor, encodeCursor } from '../domain/cursor';
import { addRating } from '../domain/rating';
import { DeliveredPurchaseEntity } from '../persistence/delivered-purchase.entity';
import { ProductEntity } from '../persistence/product.entity';
import { ReviewEntity } from '../persistence/review.entity';
import { CatalogCache } from './catalog-cache';
import { rethrowUniqueViolation } from './unique-violation';

/** A review as a customer writes it. */
export interface ReviewInput {
  readonly rating: number;
  readonly title: string;
  readonly body: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(r: ReviewEntity): ReviewView {
  return {
    id: r.id,
    productId: r.productId,
    customerId: r.customerId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Reviews by customers who received the product, with the product's rating kept incrementally. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  async create(idOrSlug: string, customerId: string, input: ReviewInput): Promise<ReviewView> {
    const { review, slug } = await transaction(this.db, async (tx) => {
      // The product row lock serializes reviews of one product, so the aggregate never loses one.
      const product = await tx.findOne(ProductEntity, {
        where: UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
        lock: { mode: 'pessimistic_write' },
      });
      if (!product) throw new NotFoundError('product-not-found', `No product ${idOrSlug}`);
      if (!(await tx.existsBy(DeliveredPurchaseEntity, { customerId, productId: product.id }))) {
        throw new ForbiddenError(
          'review-requires-delivery',
          'Only customers who received this product may review it',
        );
      }
      if (await tx.existsBy(ReviewEntity, { customerId, productId: product.id })) {
        throw new ConflictError('review-exists', 'You have already reviewed this product');
      }
      const aggregate = addRating(
        { count: product.ratingCount, sum: product.ratingSum },
        input.rating,
      );
      const review = tx.create(ReviewEntity, {
        id: randomUUID(),
        productId: product.id,
        customerId,
        ...input,
      });
      await tx.insert(ReviewEntity, review);
      await tx.update(ProductEntity, product.id, {
        ratingCount: aggregate.count,
        ratingSum: aggregate.sum,
      });
      return {
        review: await tx.findOneByOrFail(ReviewEntity, { id: review.id }),
        slug: product.slug,
      };
    }).catch(rethrowUniqueViolation);
    await this.cache.invalidate([review.productId, slug]);
    return toView(review);
  }

  /** A product's reviews, newest first. */
  async list(idOrSlug: string, limit: number, cursor?: string): Promise<Page<ReviewView>> {
    const product = await this.db.manager.findOneBy(
      ProductEntity,
      UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
    );
    if (!product || product.status !== 'ACTIVE')
      throw new NotFoundError('product-not-found', `No product ${idOrSlug}`);
    const qb = this.db.manager
      .createQueryBuilder(ReviewEntity, 'r')
      .where('r.product_id = :id', { id: product.id })
      .orderBy('r.seq', 'DESC')
      .take(limit + 1);
    if (cursor) qb.andWhere('r.seq < :seq', { seq: decodeCursor(cursor, 'reviews').key });
    const [rows, total] = await Promise.all([qb.getMany(), Promise.resolve(product.ratingCount)]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({ sort: 'reviews', key: last.seq, id: last.id })
        : null;
    return { items: page.map(toView), nextCursor, total };
  }
}
