export * from './kafka';
export * from './outbox';
export * from './outbox-relay';
export * from './handles-event';
export * from './event-consumer';
export * from './dead-letters';
