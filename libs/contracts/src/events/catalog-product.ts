import type { Money } from '../money';
import type { ProductStatus } from '../api-values';

/** Outer size of a packed variant in millimetres. */
export interface DimensionsMm {
  readonly length: number;
  readonly width: number;
  readonly height: number;
}

/** A sellable variant as other services need it (pricing, freight, allocation). */
export interface ProductVariantV1 {
  readonly sku: string;
  readonly name: string;
  readonly price: Money;
  readonly weightGrams: number | null;
  readonly dimensionsMm: DimensionsMm | null;
  readonly attributes: Readonly<Record<string, string>>;
}

/** `product.created` v1: the whole product as created. */
export interface ProductCreatedV1 {
  readonly productId: string;
  readonly name: string;
  readonly slug: string;
  readonly categoryId: string;
  readonly status: ProductStatus;
  readonly shippable: boolean;
  readonly variants: readonly ProductVariantV1[];
}

/** `product.updated` v1: the whole product after the change (consumers replace their copy). */
export type ProductUpdatedV1 = ProductCreatedV1;

/** `product.archived` v1: the product is no longer sold. */
export interface ProductArchivedV1 {
  readonly productId: string;
  readonly skus: readonly string[];
}

/** `price.changed` v1: one variant's price moved from `previous` to `price`. */
export interface PriceChangedV1 {
  readonly productId: string;
  readonly sku: string;
  readonly previous: Money;
  readonly price: Money;
}
