import { cachePrefix, loadCatalogConfig, seedsDemo } from './config';

describe('catalog configuration', () => {
  it('seeds the demo catalog by default in development only', () => {
    expect(seedsDemo(loadCatalogConfig({ NODE_ENV: 'development' }))).toBe(true);
    expect(seedsDemo(loadCatalogConfig({ NODE_ENV: 'test' }))).toBe(false);
    expect(seedsDemo(loadCatalogConfig({ NODE_ENV: 'development', CATALOG_SEED_DEMO: 'false' }))).toBe(false);
    expect(seedsDemo(loadCatalogConfig({ NODE_ENV: 'test', CATALOG_SEED_DEMO: 'true' }))).toBe(true);
  });

  it('keeps cache keys apart per database', () => {
    expect(cachePrefix(loadCatalogConfig({ NODE_ENV: 'test', DATABASE_NAME: 'test_catalog_1' }))).toBe('catalog:test_catalog_1');
    expect(cachePrefix(loadCatalogConfig({ NODE_ENV: 'development' }))).toBe('catalog:emporium_catalog');
  });
});
