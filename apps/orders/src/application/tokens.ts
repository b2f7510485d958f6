/** Injection token of the orders service's configuration. */
export const ORDERS_CONFIG = Symbol('ORDERS_CONFIG');
