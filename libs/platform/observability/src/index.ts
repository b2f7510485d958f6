export * from './context';
export * from './traceparent';
export * from './logger';
export * from './metrics';
export * from './tracing';
