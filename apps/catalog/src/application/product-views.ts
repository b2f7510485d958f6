import type { ProductDetail, ProductSummary } from '@emporium/contracts';
import type { ProductCreatedV1 } from '@emporium/contracts';
import { averageRating } from '../domain/rating';
import { matchOfRank } from '../domain/search-query';
import type { ProductEntity } from '../persistence/product.entity';
import type { ProductSummaryRow } from '../persistence/product.queries';
import type { VariantEntity } from '../persistence/variant.entity';

/** A product and its variants as the detail endpoint answers them. */
export function toProductDetail(
  p: ProductEntity,
  variants: readonly VariantEntity[],
): ProductDetail {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    categoryId: p.categoryId,
    status: p.status,
    shippable: p.shippable,
    attributes: p.attributes,
    images: p.images,
    rating: {
      average: averageRating({ count: p.ratingCount, sum: p.ratingSum }),
      count: p.ratingCount,
    },
    priceFrom: { amount: p.priceFromAmount, currency: p.currency },
    available: p.available,
    variants: [...variants]
      .sort((a, b) => a.position - b.position)
      .map((v) => ({
        sku: v.sku,
        name: v.name,
        price: { amount: v.priceAmount, currency: v.currency },
        attributes: v.attributes,
        weightGrams: v.weightGrams,
        dimensionsMm:
          v.lengthMm != null && v.widthMm != null && v.heightMm != null
            ? { length: v.lengthMm, width: v.widthMm, height: v.heightMm }
            : null,
        available: v.available,
      })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The product as its catalog.product events carry it. */
export function toProductEvent(detail: ProductDetail): ProductCreatedV1 {
  return {
    productId: detail.id,
    name: detail.name,
    slug: detail.slug,
    categoryId: detail.categoryId,
    status: detail.status,
    shippable: detail.shippable,
    variants: detail.variants.map((v) => ({
      sku: v.sku,
      name: v.name,
      price: v.price,
      weightGrams: v.weightGrams,
      dimensionsMm: v.dimensionsMm,
      attributes: v.attributes,
    })),
  };
}

/** A listing row as the API answers it; a search's rows say how they matched. */
export function toProductSummary(
  row: ProductSummaryRow & { readonly match_rank?: number | null },
): ProductSummary {
  const count = row.rating_count;
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    categoryId: row.category_id,
    priceFrom: { amount: Number(row.price_from_amount), currency: row.currency },
    available: row.available,
    rating: { average: averageRating({ count, sum: row.rating_sum }), count },
    ...(row.image ? { image: row.image } : {}),
    ...(row.match_rank != null ? { match: matchOfRank(row.match_rank) } : {}),
  };
}
