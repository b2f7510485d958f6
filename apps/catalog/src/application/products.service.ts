import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  type DimensionsMm,
  type Money,
  type ProductDetail,
  type ProductStatus,
} from '@emporium/contracts';
import { ValidationFailedError } from '@emporium/platform-http';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { nextStatus, priceFrom, productViolations } from '../domain/product-rules';
import { catalogWords, productSearchColumns } from '../domain/search-keys';
import { slugFor } from '../domain/slug';
import { CategoryEntity } from '../persistence/category.entity';
import { addCatalogWords } from '../persistence/search.queries';
import { ProductEntity } from '../persistence/product.entity';
import { StockLevelEntity } from '../persistence/stock-level.entity';
import { VariantEntity } from '../persistence/variant.entity';
import { CatalogCache } from './catalog-cache';
import { toProductDetail, toProductEvent } from './product-views';
import { rethrowUniqueViolation } from './unique-violation';

/** A variant as a merchant sends it. */
export interface VariantInput {
  readonly sku: string;
  readonly name: string;
  readonly price: Money;
  readonly weightGrams?: number | null;
  readonly dimensionsMm?: DimensionsMm | null;
  readonly attributes?: Record<string, string>;
}

/** A new product as a merchant sends it. */
export interface ProductInput {
  readonly name: string;
  readonly slug?: string;
  readonly description: string;
  readonly categoryId: string;
  readonly status?: 'DRAFT' | 'ACTIVE';
  readonly shippable?: boolean;
  readonly attributes?: Record<string, string>;
  readonly images?: string[];
  readonly variants: readonly VariantInput[];
}

/** A change to a product; `variants`, when given, is the product's whole new set (matched by SKU). */
export interface ProductChange {
  readonly name?: string;
  readonly slug?: string;
  readonly description?: string;
  readonly categoryId?: string;
  readonly status?: ProductStatus;
  readonly shippable?: boolean;
  readonly attributes?: Record<string, string>;
  readonly images?: string[];
  readonly variants?: readonly VariantInput[];
}

/** Merchant writes to products: validation, uniqueness, lifecycle, events, cache invalidation. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  async create(input: ProductInput): Promise<ProductDetail> {
    const shippable = input.shippable ?? true;
    this.check(shippable, input.variants);
    const detail = await transaction(this.db, async (tx) => {
      await this.requireCategory(tx, input.categoryId);
      const id = randomUUID();
      const slug = input.slug ?? slugFor(input.name, id);
      await this.requireFreeSlug(tx, slug, id);
      await this.requireFreeSkus(
        tx,
        input.variants.map((v) => v.sku),
        id,
      );
      const product = tx.create(ProductEntity, {
        id,
        name: input.name,
        slug,
        description: input.description,
        categoryId: input.categoryId,
        status: input.status ?? 'ACTIVE',
        shippable,
        attributes: input.attributes ?? {},
        images: input.images ?? [],
        priceFromAmount: priceFrom(input.variants),
        currency: input.variants[0].price.currency,
        ...productSearchColumns(input.name, input.description),
      });
      await tx.insert(ProductEntity, product);
      await addCatalogWords(tx, catalogWords(product.searchName));
      const variants = await this.replaceVariants(tx, id, [], input.variants);
      const saved = await this.refreshListingColumns(tx, id, variants);
      const view = toProductDetail(saved, variants);
      await writeOutbox(tx, {
        type: 'product.created',
        subject: id,
        data: { ...toProductEvent(view) },
      });
      return view;
    }).catch(rethrowUniqueViolation);
    await this.cache.invalidate([detail.id, detail.slug]);
    return detail;
  }

  async update(id: string, change: ProductChange): Promise<ProductDetail> {
    const { detail, previousSlug } = await transaction(this.db, async (tx) => {
      const product = await tx.findOne(ProductEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!product) throw new NotFoundError('product-not-found', `No product ${id}`);
      const previousSlug = product.slug;
      const current = await tx.find(VariantEntity, { where: { productId: id } });
      const shippable = change.shippable ?? product.shippable;
      const variants = change.variants ?? current.map(toInput);
      this.check(shippable, variants);
      if (change.categoryId && change.categoryId !== product.categoryId) {
        await this.requireCategory(tx, change.categoryId);
      }
      if (change.slug && change.slug !== product.slug)
        await this.requireFreeSlug(tx, change.slug, id);
      const status = change.status ? nextStatus(product.status, change.status) : product.status;
      Object.assign(product, {
        name: change.name ?? product.name,
        slug: change.slug ?? product.slug,
        description: change.description ?? product.description,
        categoryId: change.categoryId ?? product.categoryId,
        status,
        shippable,
        attributes: change.attributes ?? product.attributes,
        images: change.images ?? product.images,
      });
      const previousName = product.searchName;
      Object.assign(product, productSearchColumns(product.name, product.description));
      if (product.searchName !== previousName)
        await addCatalogWords(tx, catalogWords(product.searchName));
      await tx.save(product);
      let saved = current;
      if (change.variants) {
        await this.requireFreeSkus(
          tx,
          change.variants.map((v) => v.sku),
          id,
        );
        saved = await this.replaceVariants(tx, id, current, change.variants);
        for (const v of saved) {
          const before = current.find((c) => c.sku === v.sku);
          if (before && before.priceAmount !== v.priceAmount) {
            await writeOutbox(tx, {
              type: 'price.changed',
              subject: id,
              data: {
                productId: id,
                sku: v.sku,
                previous: { amount: before.priceAmount, currency: before.currency },
                price: { amount: v.priceAmount, currency: v.currency },
              },
            });
          }
        }
      }
      const refreshed = await this.refreshListingColumns(tx, id, saved);
      const view = toProductDetail(refreshed, saved);
      await writeOutbox(tx, { type: 'product.updated', subject: id, data: toProductEvent(view) });
      if (status === 'ARCHIVED' && product.status !== 'ARCHIVED') {
        await writeOutbox(tx, {
          type: 'product.archived',
          subject: id,
          data: { productId: id, skus: saved.map((v) => v.sku) },
        });
      }
      return { detail: view, previousSlug };
    }).catch(rethrowUniqueViolation);
    await this.cache.invalidate([id, previousSlug, detail.slug]);
    return detail;
  }

  /** DELETE archives: the product leaves listings, its SKUs stay taken, orders keep their history. */
  async archive(id: string): Promise<void> {
    const slug = await transaction(this.db, async (tx) => {
      const product = await tx.findOne(ProductEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!product) throw new NotFoundError('product-not-found', `No product ${id}`);
      if (product.status === 'ARCHIVED') return product.slug;
      product.status = nextStatus(product.status, 'ARCHIVED');
      await tx.save(product);
      const skus = (await tx.find(VariantEntity, { where: { productId: id } })).map((v) => v.sku);
      await writeOutbox(tx, {
        type: 'product.archived',
        subject: id,
        data: { productId: id, skus },
      });
      return product.slug;
    });
    await this.cache.invalidate([id, slug]);
  }

  private check(shippable: boolean, variants: readonly VariantInput[]): void {
    const violations = productViolations({ shippable, variants });
    if (violations.length) throw new ValidationFailedError(violations);
  }

  private async requireCategory(tx: EntityManager, categoryId: string): Promise<void> {
    if (!(await tx.existsBy(CategoryEntity, { id: categoryId }))) {
      throw new BusinessRuleError('category-not-found', `No category ${categoryId}`);
    }
  }

  private async requireFreeSlug(tx: EntityManager, slug: string, id: string): Promise<void> {
    if (await tx.existsBy(ProductEntity, { slug, id: Not(id) })) {
      throw new ConflictError('slug-taken', `Another product already uses the slug ${slug}`);
    }
  }

  private async requireFreeSkus(
    tx: EntityManager,
    skus: readonly string[],
    id: string,
  ): Promise<void> {
    const taken = await tx.find(VariantEntity, {
      where: { sku: In([...skus]), productId: Not(id) },
    });
    if (taken.length) {
      throw new ConflictError(
        'sku-taken',
        `Another product already uses SKU ${taken.map((v) => v.sku).join(', ')}`,
      );
    }
  }

  /** Makes the product's variants exactly `next`; availability comes from the stock read model. */
  private async replaceVariants(
    tx: EntityManager,
    productId: string,
    current: readonly VariantEntity[],
    next: readonly VariantInput[],
  ): Promise<VariantEntity[]> {
    const keep = new Set(next.map((v) => v.sku));
    const gone = current.filter((v) => !keep.has(v.sku)).map((v) => v.sku);
    if (gone.length) await tx.delete(VariantEntity, { sku: In(gone) });
    const stock = await tx
      .createQueryBuilder(StockLevelEntity, 's')
      .select('s.sku', 'sku')
      .addSelect('sum(greatest(s.available, 0))::int', 'available')
      .where('s.sku IN (:...skus)', { skus: [...keep] })
      .groupBy('s.sku')
      .getRawMany<{ sku: string; available: number }>();
    const availableOf = new Map(stock.map((s) => [s.sku, s.available]));
    const rows = next.map((v, position) =>
      tx.create(VariantEntity, {
        sku: v.sku,
        productId,
        name: v.name,
        priceAmount: v.price.amount,
        currency: v.price.currency,
        weightGrams: v.weightGrams ?? null,
        lengthMm: v.dimensionsMm?.length ?? null,
        widthMm: v.dimensionsMm?.width ?? null,
        heightMm: v.dimensionsMm?.height ?? null,
        attributes: v.attributes ?? {},
        position,
        available: availableOf.get(v.sku) ?? 0,
      }),
    );
    // New SKUs are plain inserts: a concurrent product claiming the same SKU fails on the primary
    // key (409) instead of taking the variant over, as an upsert would.
    const had = new Set(current.map((v) => v.sku));
    const fresh = rows.filter((v) => !had.has(v.sku));
    if (fresh.length) await tx.insert(VariantEntity, fresh);
    for (const v of rows.filter((r) => had.has(r.sku))) {
      const { sku, productId: owner, ...fields } = v;
      await tx.update(VariantEntity, { sku, productId: owner }, fields);
    }
    return rows;
  }

  /** Keeps the listing columns (price from, availability) in step with the variants. */
  private async refreshListingColumns(
    tx: EntityManager,
    id: string,
    variants: readonly VariantEntity[],
  ): Promise<ProductEntity> {
    await tx.update(ProductEntity, id, {
      priceFromAmount: priceFrom(
        variants.map((v) => ({ price: { amount: v.priceAmount, currency: v.currency } })),
      ),
      currency: variants[0].currency,
      available: variants.some((v) => v.available > 0),
    });
    return tx.findOneByOrFail(ProductEntity, { id });
  }
}

function toInput(v: VariantEntity): VariantInput {
  return {
    sku: v.sku,
    name: v.name,
    price: { amount: v.priceAmount, currency: v.currency },
    weightGrams: v.weightGrams,
    dimensionsMm:
      v.lengthMm != null && v.widthMm != null && v.heightMm != null
        ? { length: v.lengthMm, width: v.widthMm, height: v.heightMm }
        : null,
    attributes: v.attributes,
  };
}
