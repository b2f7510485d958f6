import { BusinessRuleError, ConflictError } from '@emporium/contracts';

/** Most distinct SKUs one cart holds. */
export const MAX_CART_LINES = 50;
/** Most units of one SKU per cart line. */
export const MAX_LINE_QUANTITY = 99;
/** Most coupon codes on one cart. */
export const MAX_COUPONS = 5;

/** What a cart holds; prices are looked up when it is shown. */
export interface CartContents {
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  readonly couponCodes: readonly string[];
}

/**
 * Checks that a line may hold `quantity` units: within the per-line limit (422) and what the
 * warehouses have available (409, the stock conflicts with the request).
 */
export function checkLineQuantity(sku: string, quantity: number, available: number): void {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new BusinessRuleError(
      'quantity-limit',
      `At most ${MAX_LINE_QUANTITY} units of ${sku} per order`,
    );
  }
  if (quantity > available) {
    throw new ConflictError(
      'insufficient-stock',
      `Only ${available} unit(s) of ${sku} are available`,
      {
        shortSkus: [{ sku, requested: quantity, available }],
      },
    );
  }
}

/** Checks that adding a new SKU keeps the cart within its size. */
export function checkCartSize(distinctSkus: number): void {
  if (distinctSkus > MAX_CART_LINES) {
    throw new BusinessRuleError(
      'cart-full',
      `A cart holds at most ${MAX_CART_LINES} different items`,
    );
  }
}
