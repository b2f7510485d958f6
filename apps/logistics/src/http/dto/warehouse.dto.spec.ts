import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { ShippingQuoteDto } from './shipping-quote.dto';
import { CreateWarehouseDto } from './warehouse.dto';

/** Runs a body through the platform's validation pipe, as a controller receives it. */
const validate = (metatype: new () => object, body: object) =>
  createValidationPipe().transform(body, { type: 'body', metatype });

describe('required nested objects', () => {
  it('refuses a shipping quote without its destination', async () => {
    await expect(
      validate(ShippingQuoteDto, { items: [{ sku: 'A', quantity: 1 }] }),
    ).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it('refuses a warehouse without its address and location', async () => {
    await expect(
      validate(CreateWarehouseDto, { code: 'W1', name: 'W', kind: 'WAREHOUSE' }),
    ).rejects.toBeInstanceOf(ValidationFailedError);
  });
});

describe('lists of nested objects', () => {
  const destination = {
    name: 'A',
    phone: '13800000000',
    province: '广东省',
    city: '深圳市',
    line1: '1 Road',
  };

  it('takes well-formed quote items (the control)', async () => {
    await expect(
      validate(ShippingQuoteDto, { destination, items: [{ sku: 'A', quantity: 1 }] }),
    ).resolves.toBeInstanceOf(ShippingQuoteDto);
  });

  it.each([[], 1, 'x', null])(
    'refuses quote items whose element is %p, not an object',
    async (element) => {
      await expect(
        validate(ShippingQuoteDto, { destination, items: [element] }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
    },
  );
});
