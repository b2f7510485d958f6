import { MERCHANT_ROLES, STAFF_ROLES, type Role } from '@emporium/contracts';

/** The services behind the gateway (the gateway itself serves identity, events and streams). */
export type Owner =
  'gateway' | 'catalog' | 'orders' | 'payments' | 'logistics' | 'customer-service' | 'analytics';

/** The services the gateway proxies to. */
export type Upstream = Exclude<Owner, 'gateway'>;

/** Who may call a route: anyone, any signed-in user, or holders of one of the roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** HTTP methods of the public API. */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One `METHOD /path` of API.md (path in OpenAPI form, relative to `/api/v1` unless `root`). */
export interface ApiRoute {
  readonly method: ApiMethod;
  readonly path: string;
  readonly owner: Owner;
  readonly access: Access;
  readonly summary: string;
  /** Served outside `/api/v1` (the dashboard page). */
  readonly root?: boolean;
}

// An admin passes wherever staff does (API.md "auth"): the lists come from contracts, and the
// services' @Roles() say the same (tools/access-table.spec.ts).
const MERCHANT = MERCHANT_ROLES;
const CUSTOMER: readonly Role[] = ['customer'];
const ADMIN: readonly Role[] = ['admin'];

const r = (
  method: ApiMethod,
  path: string,
  owner: Owner,
  access: Access,
  summary: string,
  root?: boolean,
): ApiRoute => ({ method, path, owner, access, summary, ...(root ? { root } : {}) });

/** Every endpoint of API.md, with its owning service and who may call it (checked at the edge). */
export const API_ROUTES: readonly ApiRoute[] = [
  // Identity (gateway)
  r('POST', '/auth/register', 'gateway', 'public', 'Register a customer account'),
  r('POST', '/auth/login', 'gateway', 'public', 'Sign in with e-mail and password'),
  r('POST', '/auth/refresh', 'gateway', 'public', 'Exchange a refresh token for new tokens'),
  r('POST', '/auth/logout', 'gateway', 'public', "Revoke a refresh token's family"),
  r('GET', '/me', 'gateway', 'authenticated', 'The signed-in user'),
  r('POST', '/admin/users', 'gateway', ADMIN, 'Create a staff account'),
  // Catalog
  r('GET', '/categories', 'catalog', 'public', 'The category tree'),
  r('POST', '/categories', 'catalog', MERCHANT, 'Create a category'),
  r('GET', '/products', 'catalog', 'public', 'Search and list products'),
  r('POST', '/products', 'catalog', MERCHANT, 'Create a product'),
  r('GET', '/products/{id}', 'catalog', 'public', 'A product by id or slug'),
  r('PATCH', '/products/{id}', 'catalog', MERCHANT, 'Update a product'),
  r('DELETE', '/products/{id}', 'catalog', MERCHANT, 'Archive a product'),
  r('GET', '/products/{id}/reviews', 'catalog', 'public', "A product's reviews"),
  r('POST', '/products/{id}/reviews', 'catalog', CUSTOMER, 'Review a delivered product'),
  r('GET', '/search/suggest', 'catalog', 'public', 'Completions of a search being typed'),
  r('GET', '/search/synonyms', 'catalog', MERCHANT, 'The search synonym groups'),
  r('PUT', '/search/synonyms', 'catalog', MERCHANT, 'Replace the search synonym groups'),
  r('GET', '/content/pages', 'catalog', MERCHANT, 'List content pages'),
  r('POST', '/content/pages', 'catalog', MERCHANT, 'Create a content page'),
  r('GET', '/content/pages/{id}', 'catalog', 'public', 'A live content page by slug'),
  r('PATCH', '/content/pages/{id}', 'catalog', MERCHANT, 'Update a content page'),
  r('DELETE', '/content/pages/{id}', 'catalog', MERCHANT, 'Delete a content page'),
  r('GET', '/content/banners', 'catalog', 'public', 'The live banners of a placement'),
  r('POST', '/content/banners', 'catalog', MERCHANT, 'Create a banner'),
  r('GET', '/content/banners/{id}', 'catalog', MERCHANT, 'A banner'),
  r('PATCH', '/content/banners/{id}', 'catalog', MERCHANT, 'Update a banner'),
  r('DELETE', '/content/banners/{id}', 'catalog', MERCHANT, 'Delete a banner'),
  // Inventory and logistics
  r('GET', '/warehouses', 'logistics', 'public', 'Warehouses and pickup stores'),
  r('POST', '/warehouses', 'logistics', MERCHANT, 'Create a warehouse or store'),
  r('PUT', '/warehouses/{id}/stock/{sku}', 'logistics', MERCHANT, 'Set the stock on hand of a SKU'),
  r('GET', '/inventory/{sku}', 'logistics', MERCHANT, 'Stock of a SKU across warehouses'),
  r(
    'GET',
    '/warehouses/{id}/slotting',
    'logistics',
    MERCHANT,
    "A warehouse's SKUs classed A/B/C, their zones and the misplaced ones",
  ),
  r('POST', '/shipping/quote', 'logistics', 'public', 'Quote delivery options'),
  r('GET', '/shipments', 'logistics', 'authenticated', "An order's shipments"),
  r('GET', '/shipments/{id}', 'logistics', 'authenticated', 'A shipment with its tracking events'),
  r('POST', '/shipments/{id}/events', 'logistics', MERCHANT, 'Record a shipment status event'),
  r(
    'POST',
    '/shipments/{id}/pickup',
    'logistics',
    STAFF_ROLES,
    'Hand a store pickup over against its code',
  ),
  r(
    'POST',
    '/shipments/{id}/pickup-code',
    'logistics',
    MERCHANT,
    'Issue a new code for a store pickup',
  ),
  r('GET', '/logistics/costs', 'logistics', MERCHANT, 'Delivery cost report'),
  r(
    'GET',
    '/logistics/coverage',
    'logistics',
    MERCHANT,
    'Per province: serving warehouse, promised days, delivery shares, freight per order',
  ),
  r(
    'POST',
    '/logistics/coverage/simulate',
    'logistics',
    MERCHANT,
    "The period's orders replayed on a proposed warehouse network",
  ),
  r(
    'GET',
    '/replenishment/suggestions',
    'logistics',
    MERCHANT,
    'What to order now per SKU and warehouse',
  ),
  r('GET', '/suppliers', 'logistics', MERCHANT, 'Suppliers, their lead times and SKUs'),
  r('POST', '/suppliers', 'logistics', MERCHANT, 'Add a supplier'),
  r('GET', '/purchase-orders', 'logistics', MERCHANT, 'Purchase orders, by status'),
  r(
    'POST',
    '/purchase-orders',
    'logistics',
    MERCHANT,
    'Draft a purchase order (from the suggestions when no lines are given)',
  ),
  r('GET', '/purchase-orders/{id}', 'logistics', MERCHANT, 'A purchase order'),
  r('POST', '/purchase-orders/{id}/send', 'logistics', MERCHANT, 'Send a draft purchase order'),
  r('POST', '/purchase-orders/{id}/cancel', 'logistics', MERCHANT, 'Cancel an open purchase order'),
  r(
    'POST',
    '/purchase-orders/{id}/receipts',
    'logistics',
    MERCHANT,
    'Receive a purchase order in full or in part (Idempotency-Key)',
  ),
  r('POST', '/transfers', 'logistics', MERCHANT, 'Move stock between warehouses (Idempotency-Key)'),
  r(
    'GET',
    '/transfers/suggestions',
    'logistics',
    MERCHANT,
    'Transfers from overstocked to short warehouses',
  ),
  r(
    'POST',
    '/webhooks/carriers/{carrier}',
    'logistics',
    'public',
    'Carrier status webhook (signed)',
  ),
  // Cart, promotions, orders
  r('GET', '/cart', 'orders', 'public', 'The current cart'),
  r('POST', '/cart/items', 'orders', 'public', 'Add an item to the cart'),
  r('PATCH', '/cart/items/{sku}', 'orders', 'public', 'Change the quantity of a cart item'),
  r('DELETE', '/cart/items/{sku}', 'orders', 'public', 'Remove a cart item'),
  r('POST', '/cart/coupons', 'orders', 'public', 'Apply a coupon code'),
  r('DELETE', '/cart/coupons/{code}', 'orders', 'public', 'Remove a coupon code'),
  r('POST', '/checkout/quote', 'orders', CUSTOMER, 'Quote the checkout totals'),
  r('POST', '/orders', 'orders', CUSTOMER, 'Place an order (Idempotency-Key required)'),
  r('GET', '/orders', 'orders', 'authenticated', 'List orders (own, or all for merchants)'),
  r('GET', '/orders/{id}', 'orders', 'authenticated', 'An order with its status history'),
  r(
    'GET',
    '/orders/{id}/stream',
    'gateway',
    'authenticated',
    "Server-Sent Events of an order's status",
  ),
  r(
    'POST',
    '/orders/{id}/stream-ticket',
    'gateway',
    'authenticated',
    "A single-use ticket that opens an order's stream",
  ),
  r('POST', '/orders/{id}/cancel', 'orders', ['customer', ...STAFF_ROLES], 'Cancel an order'),
  r('POST', '/orders/{id}/returns', 'orders', CUSTOMER, 'Request a return'),
  r('GET', '/returns/{id}', 'orders', 'authenticated', 'A return'),
  r('POST', '/returns/{id}/approve', 'orders', STAFF_ROLES, 'Approve a return'),
  r('POST', '/returns/{id}/reject', 'orders', STAFF_ROLES, 'Reject a return'),
  r('GET', '/promotions', 'orders', 'public', 'Active promotions'),
  r('POST', '/promotions', 'orders', MERCHANT, 'Create a promotion'),
  r('GET', '/promotions/{id}', 'orders', 'public', 'A promotion'),
  r('PATCH', '/promotions/{id}', 'orders', MERCHANT, 'Update a promotion'),
  r('DELETE', '/promotions/{id}', 'orders', MERCHANT, 'End a promotion'),
  // Payments
  r('GET', '/payments', 'payments', 'authenticated', "An order's payments"),
  r('GET', '/payments/reconciliation', 'payments', MERCHANT, 'Daily reconciliation report'),
  r(
    'POST',
    '/payments/statements',
    'payments',
    MERCHANT,
    "Import a provider's daily statement and match it",
  ),
  r('GET', '/payments/{id}', 'payments', 'authenticated', 'A payment'),
  r('POST', '/payments/{id}/confirm', 'payments', CUSTOMER, 'Confirm a payment (Idempotency-Key)'),
  r(
    'POST',
    '/payments/{id}/refunds',
    'payments',
    STAFF_ROLES,
    'Refund a payment (Idempotency-Key)',
  ),
  r(
    'POST',
    '/webhooks/payments/{provider}',
    'payments',
    'public',
    'Payment provider webhook (signed)',
  ),
  // Customer service
  r('POST', '/tickets', 'customer-service', CUSTOMER, 'Open a ticket'),
  r('GET', '/tickets', 'customer-service', 'authenticated', 'Own tickets, or the agent queue'),
  r('GET', '/tickets/{id}', 'customer-service', 'authenticated', 'A ticket with its messages'),
  r('POST', '/tickets/{id}/messages', 'customer-service', 'authenticated', 'Reply to a ticket'),
  r('POST', '/tickets/{id}/assign', 'customer-service', STAFF_ROLES, 'Assign a ticket'),
  r('POST', '/tickets/{id}/status', 'customer-service', 'authenticated', 'Move a ticket'),
  r('POST', '/tickets/{id}/satisfaction', 'customer-service', CUSTOMER, 'Rate a resolved ticket'),
  r(
    'GET',
    '/customers/{id}/overview',
    'customer-service',
    STAFF_ROLES,
    'Everything about a customer',
  ),
  r('GET', '/support/metrics', 'customer-service', STAFF_ROLES, 'Support performance report'),
  r(
    'PUT',
    '/support/agents/{agentId}',
    'customer-service',
    MERCHANT,
    'Create or replace a support agent (skills, cap, on duty)',
  ),
  r(
    'GET',
    '/support/agents',
    'customer-service',
    STAFF_ROLES,
    'Support agents with their open-ticket load',
  ),
  r('GET', '/support/canned-replies', 'customer-service', STAFF_ROLES, 'Canned replies'),
  r('POST', '/support/canned-replies', 'customer-service', STAFF_ROLES, 'Create a canned reply'),
  r('GET', '/support/canned-replies/{id}', 'customer-service', STAFF_ROLES, 'A canned reply'),
  r(
    'PATCH',
    '/support/canned-replies/{id}',
    'customer-service',
    STAFF_ROLES,
    'Change a canned reply',
  ),
  r(
    'DELETE',
    '/support/canned-replies/{id}',
    'customer-service',
    STAFF_ROLES,
    'Delete a canned reply',
  ),
  // Integrations (gateway)
  r('POST', '/integrations/webhooks', 'gateway', ADMIN, 'Subscribe a webhook'),
  r('GET', '/integrations/webhooks', 'gateway', ADMIN, 'List webhooks'),
  r('PATCH', '/integrations/webhooks/{id}', 'gateway', ADMIN, 'Change a webhook'),
  r('DELETE', '/integrations/webhooks/{id}', 'gateway', ADMIN, 'Delete a webhook'),
  r('GET', '/integrations/webhooks/{id}/deliveries', 'gateway', ADMIN, "A webhook's deliveries"),
  r(
    'POST',
    '/integrations/webhooks/{id}/deliveries/{deliveryId}/retry',
    'gateway',
    ADMIN,
    'Retry a delivery',
  ),
  // Analytics
  r('POST', '/events', 'gateway', 'public', 'Record behavior events (batched)'),
  r('GET', '/analytics/kpis', 'analytics', MERCHANT, 'KPIs of a period'),
  r('GET', '/analytics/sales', 'analytics', MERCHANT, 'Sales time series'),
  r('GET', '/analytics/top-products', 'analytics', MERCHANT, 'Top products'),
  r('GET', '/analytics/funnel', 'analytics', MERCHANT, 'Conversion funnel'),
  r('GET', '/analytics/regions', 'analytics', MERCHANT, 'Sales by province'),
  r('GET', '/analytics/channels', 'analytics', MERCHANT, 'Results by marketing channel'),
  r('GET', '/analytics/segments', 'analytics', MERCHANT, 'RFM segments and clusters'),
  r('GET', '/analytics/associations', 'analytics', MERCHANT, 'Association rules'),
  r('GET', '/analytics/forecast', 'analytics', MERCHANT, 'Forecast of a metric'),
  r('GET', '/analytics/stats', 'analytics', MERCHANT, 'Descriptive statistics'),
  r('GET', '/analytics/export', 'analytics', MERCHANT, 'CSV export'),
  // The catalog counts searches as it answers them; it serves their report.
  r('GET', '/analytics/search-terms', 'catalog', MERCHANT, 'Search terms and zero-result share'),
  r(
    'GET',
    '/products/{id}/recommendations',
    'analytics',
    'public',
    'Recommendations for a product',
  ),
  r('GET', '/me/recommendations', 'analytics', 'authenticated', 'Personal recommendations'),
  r(
    'GET',
    '/me/points',
    'orders',
    CUSTOMER,
    "The member's points: balance, pending, expiring, history",
  ),
  r('GET', '/dashboard', 'analytics', 'public', 'The merchant dashboard page', true),
];

/** May a caller with `roles` (undefined: anonymous) use a route of `access`? 401/403/ok. */
export function checkAccess(access: Access, roles: readonly Role[] | undefined): 'ok' | 401 | 403 {
  if (access === 'public') return 'ok';
  if (!roles) return 401;
  if (access === 'authenticated') return 'ok';
  return access.some((role) => roles.includes(role)) ? 'ok' : 403;
}

/** `/products/{id}` → `/products/:id` (the router's syntax). */
export function toRouterPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
