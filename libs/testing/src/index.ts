export * from './infrastructure';
export * from './kafka';
export * from './database';
export * from './boot-service';
export * from './platform-processes';
export * from './events';
export * from './identity';
