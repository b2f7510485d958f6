import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { AddCartItemDto } from './cart.dto';
import { CheckoutQuoteDto } from './checkout.dto';
import { RequestReturnDto } from './orders.dto';
import { CreatePromotionDto } from './promotion.dto';

/** Runs a body through the platform's validation pipe, as a controller receives it. */
const validate = (metatype: new () => object, body: object) =>
  createValidationPipe().transform(body, { type: 'body', metatype });

describe('required nested objects', () => {
  it('refuses a quote without its shipping address', async () => {
    await expect(validate(CheckoutQuoteDto, { deliveryOption: 'STANDARD' })).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
  });

  it('refuses a promotion without its target', async () => {
    const body = {
      name: 'x',
      kind: 'PERCENT_OFF',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2026-02-01T00:00:00Z',
      stackable: true,
      rules: { percent: 10 },
    };
    await expect(validate(CreatePromotionDto, body)).rejects.toBeInstanceOf(ValidationFailedError);
  });
});

describe('lists of nested objects', () => {
  it('takes well-formed return lines (the control)', async () => {
    await expect(
      validate(RequestReturnDto, { lines: [{ sku: 'A', quantity: 1 }], reason: 'broken' }),
    ).resolves.toBeInstanceOf(RequestReturnDto);
  });

  it.each([[], 1, 'x', null])(
    'refuses return lines whose element is %p, not an object',
    async (element) => {
      await expect(
        validate(RequestReturnDto, { lines: [element], reason: 'broken' }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
    },
  );
});

describe('cart items', () => {
  it.each(['\u0000', 'a b', '-lead', 'x'.repeat(65)])(
    'refuses the SKU %j as bad input',
    async (sku) => {
      await expect(validate(AddCartItemDto, { sku, quantity: 1 })).rejects.toBeInstanceOf(
        ValidationFailedError,
      );
    },
  );

  it('takes a SKU as the catalog writes them', async () => {
    await expect(validate(AddCartItemDto, { sku: 'XIAOMI-00002-1', quantity: 2 })).resolves.toEqual(
      {
        sku: 'XIAOMI-00002-1',
        quantity: 2,
      },
    );
  });
});
