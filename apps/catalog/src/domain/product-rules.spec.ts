import { ConflictError } from '@emporium/contracts';
import { nextStatus, priceFrom, productViolations, type VariantDraft } from './product-rules';

const aVariant = (over: Partial<VariantDraft> = {}): VariantDraft => ({
  sku: 'MATE70-BLK-256',
  price: { amount: 599_900, currency: 'CNY' },
  weightGrams: 220,
  dimensionsMm: { length: 170, width: 90, height: 60 },
  ...over,
});

describe('product rules', () => {
  it('accepts a shippable product with priced, weighed and measured variants', () => {
    expect(productViolations({ shippable: true, variants: [aVariant()] })).toEqual([]);
  });

  it('needs at least one variant', () => {
    expect(productViolations({ shippable: true, variants: [] })).toEqual([
      { field: 'variants', message: 'needs at least one variant' },
    ]);
  });

  it('refuses a zero price and a foreign currency', () => {
    const fields = productViolations({
      shippable: true,
      variants: [aVariant({ price: { amount: 0, currency: 'USD' } })],
    }).map((v) => v.field);
    expect(fields).toEqual(['variants[0].price.amount', 'variants[0].price.currency']);
  });

  it('refuses the same SKU twice in one product', () => {
    const v = productViolations({ shippable: true, variants: [aVariant(), aVariant()] });
    expect(v).toEqual([{ field: 'variants[1].sku', message: 'duplicates SKU MATE70-BLK-256' }]);
  });

  it('requires weight and dimensions for goods that ship', () => {
    const v = productViolations({
      shippable: true,
      variants: [aVariant({ weightGrams: null, dimensionsMm: { length: 1, width: 0, height: 1 } })],
    });
    expect(v.map((x) => x.field)).toEqual(['variants[0].weightGrams', 'variants[0].dimensionsMm']);
  });

  it('lets digital goods go without weight and dimensions', () => {
    const v = productViolations({
      shippable: false,
      variants: [aVariant({ weightGrams: null, dimensionsMm: null })],
    });
    expect(v).toEqual([]);
  });

  it('shows the cheapest variant as the price from', () => {
    expect(priceFrom([aVariant(), aVariant({ price: { amount: 499_900, currency: 'CNY' } })])).toBe(
      499_900,
    );
  });

  describe('status lifecycle', () => {
    it.each([
      ['DRAFT', 'ACTIVE'],
      ['ACTIVE', 'ARCHIVED'],
      ['ARCHIVED', 'DRAFT'],
      ['ACTIVE', 'ACTIVE'],
    ] as const)('lets %s become %s', (from, to) => expect(nextStatus(from, to)).toBe(to));

    it('does not sell an archived product again without passing through draft', () => {
      expect(() => nextStatus('ARCHIVED', 'ACTIVE')).toThrow(ConflictError);
    });
  });
});
