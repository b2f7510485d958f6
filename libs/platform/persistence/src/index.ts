export * from './database';
export * from './data-source';
export * from './naming';
export * from './columns';
export * from './outbox-inbox.entities';
export * from './migrations/1732406400000-create-outbox-and-inbox';
export * from './migrations/1764300000000-create-idempotency-keys';
export * from './outage';
