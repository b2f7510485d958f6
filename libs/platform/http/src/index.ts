export * from './problem';
export * from './problem-details.filter';
export * from './validation';
export * from './fastify';
export * from './money.dto';
export * from './idempotent';
export * from './address.dto';
export * from './service-client';
