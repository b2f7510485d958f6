import { cachePrefix, loadCatalogConfig } from './config';

describe('catalog configuration', () => {
  it('keeps cache keys apart per database', () => {
    expect(
      cachePrefix(loadCatalogConfig({ NODE_ENV: 'test', DATABASE_NAME: 'test_catalog_1' })),
    ).toBe('catalog:test_catalog_1');
    expect(cachePrefix(loadCatalogConfig({ NODE_ENV: 'development' }))).toBe(
      'catalog:emporium_catalog',
    );
  });
});
