import { breakingChanges } from './compatibility';
import type { JsonSchema } from './contract-schemas';

const released: JsonSchema = {
  type: 'object',
  properties: {
    orderId: { type: 'string' },
    reason: { type: 'string', enum: ['OUT_OF_STOCK', 'CUSTOMER'] },
    total: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
    note: { type: 'string' },
  },
  required: ['orderId', 'reason', 'total'],
};
const withProperties = (
  properties: Record<string, JsonSchema>,
  required = released.required,
): JsonSchema => ({
  ...released,
  properties: { ...released.properties, ...properties },
  required,
});

describe('breakingChanges', () => {
  it('accepts a new optional field and new descriptions', () => {
    const next = withProperties({
      channel: { type: 'string' },
      orderId: { type: 'string', description: 'The order' },
    });
    expect(breakingChanges(released, next)).toEqual([]);
  });

  it('reports a removed field', () => {
    const properties = Object.fromEntries(
      Object.entries(released.properties!).filter(([name]) => name !== 'note'),
    );
    expect(breakingChanges(released, { ...released, properties })).toEqual(['data.note: removed']);
  });

  it('reports a retyped nested field', () => {
    const next = withProperties({
      total: { type: 'object', properties: { amount: { type: 'string' } }, required: ['amount'] },
    });
    expect(breakingChanges(released, next)).toEqual([
      'data.total.amount: retyped from number to string',
    ]);
  });

  it('reports a field that became nullable', () => {
    expect(
      breakingChanges(released, withProperties({ orderId: { type: ['string', 'null'] } })),
    ).toEqual(['data.orderId: retyped from string to string|null']);
  });

  it('reports a new required field', () => {
    const next = withProperties({ channel: { type: 'string' } }, [
      ...released.required!,
      'channel',
    ]);
    expect(breakingChanges(released, next)).toEqual(['data.channel: new required field']);
  });

  it('reports a required field that became optional', () => {
    expect(breakingChanges(released, withProperties({}, ['orderId', 'total']))).toEqual([
      'data.reason: no longer required (may be missing)',
    ]);
  });

  it('reports a new enum value', () => {
    const next = withProperties({
      reason: { type: 'string', enum: ['OUT_OF_STOCK', 'CUSTOMER', 'FRAUD'] },
    });
    expect(breakingChanges(released, next)).toEqual(['data.reason: new enum values FRAUD']);
  });

  it('reports changes inside array items and new union branches', () => {
    const list = (item: JsonSchema): JsonSchema => ({ type: 'array', items: item });
    expect(breakingChanges(list({ type: 'number' }), list({ type: 'boolean' }))).toEqual([
      'data[]: retyped from number to boolean',
    ]);
    const union: JsonSchema = { anyOf: [{ type: 'string' }] };
    expect(breakingChanges(union, { anyOf: [{ type: 'string' }, { type: 'number' }] })).toEqual([
      'data: new union branches (1 → 2)',
    ]);
  });
});
