import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { VariantDto } from './product.dto';

/** Runs a body through the platform's validation pipe, as a controller receives it. */
const validate = (metatype: new () => object, body: object) =>
  createValidationPipe().transform(body, { type: 'body', metatype });

describe('required nested objects', () => {
  it('refuses a variant without its price', async () => {
    const variant = {
      sku: 'A-1',
      name: 'A',
      weightGrams: 100,
      dimensionsMm: { length: 1, width: 1, height: 1 },
    };
    await expect(validate(VariantDto, variant)).rejects.toBeInstanceOf(ValidationFailedError);
  });
});
