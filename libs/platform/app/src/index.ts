export * from './service-definition';
export * from './service-platform.module';
export * from './messaging-runtime';
export * from './bootstrap';
export * from './database-name';
export * from './service-main';
export * from './idempotency.interceptor';
export * from './periodic-task';
