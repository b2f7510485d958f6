import { checkCartSize, checkLineQuantity, MAX_CART_LINES, MAX_LINE_QUANTITY } from './cart';

describe('cart limits', () => {
  it('accepts a quantity within stock and the per-line limit', () => {
    expect(() => checkLineQuantity('A', 3, 3)).not.toThrow();
  });

  it('refuses more units than are available with a 409', () => {
    expect(() => checkLineQuantity('A', 4, 3)).toThrow(
      expect.objectContaining({
        status: 409,
        code: 'insufficient-stock',
        extensions: { shortSkus: [{ sku: 'A', requested: 4, available: 3 }] },
      }),
    );
  });

  it('refuses more than the per-line limit with a 422, whatever the stock', () => {
    expect(() => checkLineQuantity('A', MAX_LINE_QUANTITY + 1, 10_000)).toThrow(
      expect.objectContaining({ status: 422, code: 'quantity-limit' }),
    );
  });

  it('refuses a cart with too many different items', () => {
    expect(() => checkCartSize(MAX_CART_LINES)).not.toThrow();
    expect(() => checkCartSize(MAX_CART_LINES + 1)).toThrow(
      expect.objectContaining({ code: 'cart-full' }),
    );
  });
});
