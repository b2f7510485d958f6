export * from './envelope';
export * from './topics';
export * from './event-data';
export * from './identity-customer';
export * from './catalog-product';
export * from './logistics-inventory';
export * from './orders-order';
export * from './analytics-behavior';
