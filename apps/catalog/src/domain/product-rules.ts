import {
  ConflictError,
  type DimensionsMm,
  type Money,
  type ProductStatus,
} from '@emporium/contracts';

/** The one currency the catalog prices in. */
export const CATALOG_CURRENCY = 'CNY';

/** A field that breaks a catalog rule, in the same shape as request validation errors. */
export interface RuleViolation {
  readonly field: string;
  readonly message: string;
}

/** A variant as a merchant describes it. */
export interface VariantDraft {
  readonly sku: string;
  readonly price: Money;
  readonly weightGrams?: number | null;
  readonly dimensionsMm?: DimensionsMm | null;
}

/** What the rules look at in a product being created or changed. */
export interface ProductDraft {
  readonly shippable: boolean;
  readonly variants: readonly VariantDraft[];
}

/**
 * Every rule a product breaks beyond the shape of the request: at least one variant, SKUs unique
 * within the product, prices above zero in CNY, and weight and size for goods that ship.
 */
export function productViolations(product: ProductDraft): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (product.variants.length === 0)
    out.push({ field: 'variants', message: 'needs at least one variant' });
  const seen = new Set<string>();
  product.variants.forEach((v, i) => {
    const at = `variants[${i}]`;
    const sku = v.sku;
    if (seen.has(sku)) out.push({ field: `${at}.sku`, message: `duplicates SKU ${v.sku}` });
    seen.add(sku);
    if (!Number.isSafeInteger(v.price.amount) || v.price.amount <= 0) {
      out.push({
        field: `${at}.price.amount`,
        message: 'must be a whole number of fen above zero',
      });
    }
    if (v.price.currency !== CATALOG_CURRENCY) {
      out.push({ field: `${at}.price.currency`, message: `must be ${CATALOG_CURRENCY}` });
    }
    if (!product.shippable) return;
    if (v.weightGrams == null || v.weightGrams <= 0) {
      out.push({ field: `${at}.weightGrams`, message: 'is required for goods that ship' });
    }
    const d = v.dimensionsMm;
    if (!d || !(d.length > 0 && d.width > 0 && d.height > 0)) {
      out.push({ field: `${at}.dimensionsMm`, message: 'is required for goods that ship' });
    }
  });
  return out;
}

/** The lowest variant price: what a listing shows as "from". */
export function priceFrom(variants: readonly { readonly price: Money }[]): number {
  return Math.min(...variants.map((v) => v.price.amount));
}

const TRANSITIONS: Readonly<Record<ProductStatus, readonly ProductStatus[]>> = {
  DRAFT: ['ACTIVE', 'ARCHIVED'],
  ACTIVE: ['DRAFT', 'ARCHIVED'],
  // An archived product comes back as a draft, so it is reviewed before it is sold again.
  ARCHIVED: ['DRAFT'],
};

/** The status after asking for `to`; staying put is allowed, a jump the lifecycle forbids is not. */
export function nextStatus(from: ProductStatus, to: ProductStatus): ProductStatus {
  if (from === to || TRANSITIONS[from].includes(to)) return to;
  throw new ConflictError('illegal-status-transition', `A ${from} product cannot become ${to}`);
}
