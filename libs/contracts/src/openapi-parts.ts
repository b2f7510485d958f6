import analytics from '../openapi/analytics.openapi.json';
import catalog from '../openapi/catalog.openapi.json';
import customerService from '../openapi/customer-service.openapi.json';
import gateway from '../openapi/gateway.openapi.json';
import logistics from '../openapi/logistics.openapi.json';
import orders from '../openapi/orders.openapi.json';
import payments from '../openapi/payments.openapi.json';

/** One part of the public API's OpenAPI document: a service's routes, or the gateway's own. */
export interface OpenApiPart {
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, unknown>> };
}

/**
 * The OpenAPI document of each part of the public API, by the owner named in the gateway's
 * routes: generated from its controllers, request DTOs and contract types (`npm run openapi`).
 */
export const OPENAPI_PARTS: Readonly<Record<string, OpenApiPart>> = {
  gateway,
  catalog,
  logistics,
  orders,
  payments,
  'customer-service': customerService,
  analytics,
};
