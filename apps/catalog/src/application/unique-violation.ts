import { ConflictError } from '@emporium/contracts';

const CONFLICTS: Readonly<Record<string, [string, string]>> = {
  products_slug_key: ['slug-taken', 'Another product already uses this slug'],
  product_variants_pkey: ['sku-taken', 'Another variant already uses this SKU'],
  categories_slug_key: ['slug-taken', 'Another category already uses this slug'],
  content_pages_slug_key: ['slug-taken', 'Another content page already uses this slug'],
  reviews_product_id_customer_id_key: ['review-exists', 'You have already reviewed this product'],
};

/**
 * Turns a unique-constraint violation that slipped past the checks (two requests racing) into the
 * same 409 the checks answer; anything else is rethrown.
 */
export function rethrowUniqueViolation(error: unknown): never {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  const known =
    driver?.code === '23505' && driver.constraint ? CONFLICTS[driver.constraint] : undefined;
  if (known) throw new ConflictError(known[0], known[1]);
  throw error;
}
