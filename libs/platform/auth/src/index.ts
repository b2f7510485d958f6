export * from './internal-identity';
export * from './guards';
