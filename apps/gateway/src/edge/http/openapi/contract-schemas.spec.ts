import * as contracts from '@emporium/contracts';
import { gatewayOpenApiDocument } from '../../../openapi-document';
import { COMPONENT_SCHEMAS } from './contract-schemas';

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

describe('the OpenAPI schemas of the public API', () => {
  it('list the order statuses libs/contracts lists, the store pickup one included', () => {
    const order = COMPONENT_SCHEMAS.Order as { properties: { status: { enum: string[] } } };
    expect(order.properties.status.enum).toEqual([...contracts.ORDER_STATUSES]);
    expect(order.properties.status.enum).toContain('READY_FOR_PICKUP');
  });

  it('list the shipment statuses, payment statuses and methods, and ticket lists libs/contracts lists', () => {
    const enumAt = (name: string, property: string) =>
      (COMPONENT_SCHEMAS[name] as { properties: Record<string, { enum?: string[] }> }).properties[
        property
      ].enum;
    expect(enumAt('Shipment', 'status')).toEqual([...contracts.SHIPMENT_STATUSES]);
    expect(enumAt('Shipment', 'kind')).toEqual([...contracts.SHIPMENT_KINDS]);
    expect(enumAt('Payment', 'status')).toEqual([...contracts.PAYMENT_STATUSES]);
    expect(enumAt('Payment', 'method')).toEqual([...contracts.PAYMENT_METHODS]);
    expect(enumAt('Return', 'status')).toEqual([...contracts.RETURN_STATUSES]);
    expect(enumAt('Ticket', 'status')).toEqual([...contracts.TICKET_STATUSES]);
    expect(enumAt('Ticket', 'priority')).toEqual([...contracts.TICKET_PRIORITIES]);
  });

  it('write no list of their own: every enum of the document is one of libs/contracts', () => {
    const everywhere = enumsOf(gatewayOpenApiDocument(), 'document');
    expect(everywhere.length).toBeGreaterThan(30);
    const own = everywhere.filter(
      ({ values }) =>
        !CONTRACT_LISTS.some((list) => JSON.stringify(list) === JSON.stringify(values)),
    );
    expect(own).toEqual([]);
  });
});
