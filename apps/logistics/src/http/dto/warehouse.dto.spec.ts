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
