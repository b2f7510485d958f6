export * from './money';
export * from './errors';
export * from './events';
export * from './identity';
export * from './api-values';
export * from './catalog-api';
