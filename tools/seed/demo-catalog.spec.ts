import { isValidSlug } from '../../apps/catalog/src/domain/slug';
import { productViolations } from '../../apps/catalog/src/domain/product-rules';
import { DEMO_CATEGORIES, demoProduct } from './demo-catalog';

describe('demo catalog', () => {
  const products = Array.from({ length: 200 }, (_, i) => demoProduct(i));

  it('has at least 12 categories with valid, unique slugs and known parents', () => {
    const slugs = DEMO_CATEGORIES.map((c) => c.slug);
    expect(slugs.length).toBeGreaterThanOrEqual(12);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const c of DEMO_CATEGORIES) {
      expect(isValidSlug(c.slug)).toBe(true);
      if (c.parent) expect(slugs).toContain(c.parent);
    }
  });

  it('generates the same product for the same number', () => {
    expect(demoProduct(17)).toEqual(demoProduct(17));
  });

  it('gives products Chinese names, unique slugs and SKUs, and 2–4 valid variants', () => {
    expect(products.every((p) => /\p{Script=Han}/u.test(p.name))).toBe(true);
    expect(new Set(products.map((p) => p.slug)).size).toBe(200);
    const skus = products.flatMap((p) => p.variants.map((v) => v.sku));
    expect(new Set(skus).size).toBe(skus.length);
    for (const p of products) {
      expect(isValidSlug(p.slug)).toBe(true);
      expect(p.variants.length).toBeGreaterThanOrEqual(2);
      expect(p.variants.length).toBeLessThanOrEqual(4);
      const variants = p.variants.map((v) => ({
        ...v,
        price: { amount: v.priceAmount, currency: 'CNY' },
      }));
      expect(productViolations({ shippable: true, variants })).toEqual([]);
    }
  });

  it('places every product in a leaf category of the tree', () => {
    const leaves = new Set(DEMO_CATEGORIES.filter((c) => c.parent).map((c) => c.slug));
    expect(products.every((p) => leaves.has(p.categorySlug))).toBe(true);
  });

  it('stays unique at 10,000 products', () => {
    const slugs = new Set(Array.from({ length: 10_000 }, (_, i) => demoProduct(i).slug));
    expect(slugs.size).toBe(10_000);
  });
});
