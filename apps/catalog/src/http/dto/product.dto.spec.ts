import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { CreateProductDto, UpdateProductDto, VariantDto } from './product.dto';

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

describe('lists of nested objects', () => {
  it('takes a list of well-formed variants (the control)', async () => {
    const product = {
      name: 'A',
      description: 'A',
      categoryId: '00000000-0000-4000-8000-000000000000',
    };
    const variant = { sku: 'A-1', name: 'A', price: { amount: 100, currency: 'CNY' } };
    await expect(
      validate(CreateProductDto, { ...product, variants: [variant] }),
    ).resolves.toBeInstanceOf(CreateProductDto);
    await expect(validate(UpdateProductDto, { variants: [variant] })).resolves.toBeInstanceOf(
      UpdateProductDto,
    );
  });

  it.each([[], 1, 'x', null])(
    'refuses variants whose element is %p, not an object',
    async (element) => {
      const product = {
        name: 'A',
        description: 'A',
        categoryId: '00000000-0000-4000-8000-000000000000',
      };
      await expect(
        validate(CreateProductDto, { ...product, variants: [element] }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(validate(UpdateProductDto, { variants: [element] })).rejects.toBeInstanceOf(
        ValidationFailedError,
      );
    },
  );
});
