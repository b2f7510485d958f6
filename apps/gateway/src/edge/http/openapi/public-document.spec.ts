import * as contracts from '@emporium/contracts';
import { OPENAPI_PARTS, type OpenApiPart } from '@emporium/contracts';
import { API_ROUTES, type ApiRoute } from '../../domain/api-routes';
import { gatewayOpenApiDocument } from '../../../openapi-document';
import { publicDocument } from './public-document';

/** Every `enum` of a schema, with where it was found. */
function enumsOf(schema: unknown, at: string, found: { at: string; values: unknown[] }[] = []) {
  if (Array.isArray(schema)) schema.forEach((s, i) => enumsOf(s, `${at}[${i}]`, found));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'enum' && Array.isArray(value)) found.push({ at, values: value });
      else enumsOf(value, `${at}.${key}`, found);
    }
  }
  return found;
}

// The closed lists libs/contracts holds: its exported arrays of names.
const CONTRACT_LISTS: readonly (readonly unknown[])[] = Object.values(
  contracts as Record<string, unknown>,
).filter(
  (value): value is readonly unknown[] =>
    Array.isArray(value) && value.every((v: unknown) => typeof v === 'string'),
);

type Schema = { $ref?: string; enum?: string[]; properties?: Record<string, Schema> };
const document = gatewayOpenApiDocument();
const schemas = document.components!.schemas as Record<string, Schema>;
const resolved = (schema: Schema): Schema =>
  schema.$ref ? resolved(schemas[schema.$ref.split('/').pop()!]) : schema;
const enumAt = (name: string, property: string) =>
  resolved(resolved(schemas[name]).properties![property]).enum;

describe('the OpenAPI schemas of the public API', () => {
  it('list the order statuses libs/contracts lists, the store pickup one included', () => {
    expect(enumAt('OrderView', 'status')).toEqual([...contracts.ORDER_STATUSES]);
    expect(enumAt('OrderView', 'status')).toContain('READY_FOR_PICKUP');
  });

  it('list the shipment statuses, payment statuses and methods, and ticket lists libs/contracts lists', () => {
    expect(enumAt('ShipmentView', 'status')).toEqual([...contracts.SHIPMENT_STATUSES]);
    expect(enumAt('ShipmentView', 'kind')).toEqual([...contracts.SHIPMENT_KINDS]);
    expect(enumAt('PaymentView', 'status')).toEqual([...contracts.PAYMENT_STATUSES]);
    expect(enumAt('PaymentView', 'method')).toEqual([...contracts.PAYMENT_METHODS]);
    expect(enumAt('ReturnView', 'status')).toEqual([...contracts.RETURN_STATUSES]);
    expect(enumAt('TicketView', 'status')).toEqual([...contracts.TICKET_STATUSES]);
    expect(enumAt('TicketView', 'priority')).toEqual([...contracts.TICKET_PRIORITIES]);
  });

  it('write no list of their own: every enum of the document is one of libs/contracts', () => {
    const everywhere = enumsOf(document, 'document');
    expect(everywhere.length).toBeGreaterThan(30);
    const own = everywhere.filter(
      ({ values }) =>
        !CONTRACT_LISTS.some((list) => JSON.stringify(list) === JSON.stringify(values)),
    );
    expect(own).toEqual([]);
  });
});

describe('the public document merged from the parts', () => {
  const route = (method: ApiRoute['method'], path: string, owner: ApiRoute['owner']): ApiRoute => ({
    method,
    path,
    owner,
    access: 'public',
    summary: `${method} ${path}`,
  });
  const part = (paths: OpenApiPart['paths']): OpenApiPart => ({
    paths,
    components: { schemas: {} },
  });
  const base = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} };

  it('has an operation, from its owner, for every route of the gateway', () => {
    for (const { method, path, root } of API_ROUTES) {
      const at = (root ? '' : '/api/v1') + path;
      expect([at, document.paths[at]?.[method.toLowerCase() as 'get']]).toEqual([
        at,
        expect.objectContaining({ responses: expect.any(Object) }),
      ]);
    }
  });

  it("takes the service's operation under the public path, with the route's parameter names", () => {
    const merged = publicDocument(base, [route('GET', '/products/{id}', 'catalog')], {
      catalog: part({
        '/products/{idOrSlug}': {
          get: { parameters: [{ name: 'idOrSlug', in: 'path', required: true }], responses: {} },
        },
      }),
    });
    const operation = merged.paths['/api/v1/products/{id}'].get!;
    expect(operation.parameters).toContainEqual({ name: 'id', in: 'path', required: true });
    expect(operation).toMatchObject({ 'x-emporium-owner': 'catalog' });
    expect(operation.responses['503']).toBeDefined();
  });

  it('refuses a route its owner documents no operation for, instead of inventing one', () => {
    const parts = { ...OPENAPI_PARTS, catalog: part({}) };
    expect(() => publicDocument(base, [route('GET', '/categories', 'catalog')], parts)).toThrow(
      'GET /categories: catalog documents no such operation',
    );
  });

  it('refuses two parts that define one schema name differently', () => {
    const withSchema = (schema: object): OpenApiPart => ({
      paths: { '/x': { get: { responses: {} } } },
      components: { schemas: { Thing: schema } },
    });
    const routes = [route('GET', '/x', 'catalog'), route('GET', '/x', 'orders')];
    expect(() =>
      publicDocument(base, routes, {
        catalog: withSchema({ type: 'string' }),
        orders: withSchema({ type: 'integer' }),
      }),
    ).toThrow('schema Thing');
  });
});
