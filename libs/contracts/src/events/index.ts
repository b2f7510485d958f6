export * from './envelope';
export * from './topics';
export * from './event-data';
export * from './identity-customer';
