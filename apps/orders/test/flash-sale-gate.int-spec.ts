import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type Redis from 'ioredis';
import { createRedis } from '@emporium/platform-redis';
import { FlashSaleGate, type FlashSaleTerms } from '../src/persistence/flash-sale-gate';

/*
 * The flash-sale rule of docs/API.md (FLASH_SALE), checked against the Lua script that runs in
 * production (src/persistence/flash-sale-gate.lua), on a real Redis. The functions below are the
 * rule as documented, written out for this test only: the oracle the script must agree with.
 */

/** Where one sale stands in the oracle: units taken in all and per customer. */
interface OracleSale {
  readonly terms: FlashSaleTerms;
  sold: number;
  readonly taken: Map<string, number>;
}

/** The documented rule: at most `quantity` in all and `perCustomerLimit` each, never more than asked. */
function oracleUnitsLeft(sale: OracleSale, customerId?: string): number {
  const mine = customerId === undefined ? 0 : (sale.taken.get(customerId) ?? 0);
  return Math.max(0, Math.min(sale.terms.quantity - sale.sold, sale.terms.perCustomerLimit - mine));
}

function oracleGrant(sale: OracleSale, customerId: string, asked: number): number {
  const granted = Math.max(0, Math.min(asked, oracleUnitsLeft(sale, customerId)));
  sale.sold += granted;
  sale.taken.set(customerId, (sale.taken.get(customerId) ?? 0) + granted);
  return granted;
}

function oracleRelease(sale: OracleSale, customerId: string, units: number): void {
  sale.sold -= units;
  sale.taken.set(customerId, (sale.taken.get(customerId) ?? 0) - units);
}

const CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5'];

/** One step of a shopping session: a checkout asking units of some sales, or giving a grant back. */
type Step =
  | {
      readonly kind: 'grant';
      readonly customer: string;
      readonly asks: readonly { sale: number; units: number }[];
    }
  | { readonly kind: 'release'; readonly pick: number };

const termsArb = fc.record({
  quantity: fc.integer({ min: 0, max: 12 }),
  perCustomerLimit: fc.integer({ min: 0, max: 5 }),
});
const stepArb = (sales: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('grant' as const),
        customer: fc.constantFrom(...CUSTOMERS),
        asks: fc.array(
          fc.record({ sale: fc.nat({ max: sales - 1 }), units: fc.integer({ min: 1, max: 6 }) }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  );
const sessionArb = fc.array(termsArb, { minLength: 1, maxLength: 3 }).chain((terms) =>
  fc.record({
    terms: fc.constant(terms),
    steps: fc.array(stepArb(terms.length), { maxLength: 40 }),
  }),
);

describe('orders: the flash-sale gate (Lua on Redis) against the documented rule', () => {
  let redis: Redis;
  const clients: Redis[] = [];
  // Every run of this suite counts under its own prefix, so no other test sees its keys.
  const prefix = `test:flash-gate:${randomUUID()}`;

  const newSale = (terms: { quantity: number; perCustomerLimit: number }): FlashSaleTerms => ({
    promotionId: randomUUID(),
    ...terms,
  });

  /** Counters as the ledger would seed them for a sale nobody bought from yet. */
  const open = async (gate: FlashSaleGate, sale: FlashSaleTerms, customers: readonly string[]) =>
    gate.seed(
      sale.promotionId,
      600,
      0,
      customers.map((customerId) => ({ customerId, taken: 0 })),
    );

  beforeAll(() => {
    redis = createRedis(process.env.REDIS_URL!);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all([redis, ...clients].map((c) => c.quit()));
  });

  it('grants, leaves and gives back exactly what the documented rule says, over random sessions', async () => {
    const gate = new FlashSaleGate(redis, prefix);
    await fc.assert(
      fc.asyncProperty(sessionArb, async ({ terms, steps }) => {
        const sales = terms.map(newSale);
        const model: OracleSale[] = sales.map((t) => ({ terms: t, sold: 0, taken: new Map() }));
        for (const sale of sales) await open(gate, sale, CUSTOMERS);
        const held: { sale: number; customer: string; units: number }[] = [];

        for (const step of steps) {
          if (step.kind === 'grant') {
            const answer = await gate.grant(
              step.customer,
              step.asks.map((a) => ({ sale: sales[a.sale], units: a.units })),
            );
            if (!Array.isArray(answer))
              throw new Error(`counters missing: ${answer.missing.join(', ')}`);
            // Asks are decided in order, each seeing the units the ones before it took.
            const expected = step.asks.map((a) =>
              oracleGrant(model[a.sale], step.customer, a.units),
            );
            expect(answer).toEqual(expected);
            step.asks.forEach((a, i) => {
              if (expected[i] > 0)
                held.push({ sale: a.sale, customer: step.customer, units: expected[i] });
            });
          } else if (held.length > 0) {
            const [given] = held.splice(step.pick % held.length, 1);
            await gate.giveBack([
              {
                promotionId: sales[given.sale].promotionId,
                customerId: given.customer,
                units: given.units,
              },
            ]);
            oracleRelease(model[given.sale], given.customer, given.units);
          }

          for (const [i, sale] of model.entries()) {
            // Never more than the quantity, never more than a customer's limit.
            expect(sale.sold).toBeLessThanOrEqual(sale.terms.quantity);
            expect(await gate.left(sales[i])).toBe(oracleUnitsLeft(sale));
            for (const customer of CUSTOMERS) {
              expect(sale.taken.get(customer) ?? 0).toBeLessThanOrEqual(
                sale.terms.perCustomerLimit,
              );
              expect(await gate.left(sales[i], customer)).toBe(oracleUnitsLeft(sale, customer));
            }
            expect(Number(await redis.get(`${prefix}:{${sales[i].promotionId}}:sold`))).toBe(
              sale.sold,
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never oversells to many concurrent checkouts over several connections, each within their limit', async () => {
    for (let i = 0; i < 4; i++) clients.push(createRedis(process.env.REDIS_URL!));
    const gates = clients.map((c) => new FlashSaleGate(c, prefix));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          quantity: fc.integer({ min: 1, max: 60 }),
          perCustomerLimit: fc.integer({ min: 1, max: 4 }),
          checkouts: fc.array(
            fc.record({ customer: fc.nat({ max: 29 }), units: fc.integer({ min: 1, max: 5 }) }),
            {
              minLength: 1,
              maxLength: 150,
            },
          ),
        }),
        async ({ quantity, perCustomerLimit, checkouts }) => {
          const sale = newSale({ quantity, perCustomerLimit });
          const customers = Array.from({ length: 30 }, (_, i) => `customer-${i}`);
          await open(gates[0], sale, customers);
          const grants = await Promise.all(
            checkouts.map((c, i) =>
              gates[i % gates.length].grant(customers[c.customer], [{ sale, units: c.units }]),
            ),
          );
          const units = grants.map((g) => (Array.isArray(g) ? g[0] : Number.NaN));
          const perCustomer = new Map<number, number>();
          checkouts.forEach((c, i) =>
            perCustomer.set(c.customer, (perCustomer.get(c.customer) ?? 0) + units[i]),
          );
          const asked = new Map<number, number>();
          for (const c of checkouts) asked.set(c.customer, (asked.get(c.customer) ?? 0) + c.units);

          const sold = units.reduce((sum, u) => sum + u, 0);
          expect(sold).toBeLessThanOrEqual(quantity);
          for (const taken of perCustomer.values())
            expect(taken).toBeLessThanOrEqual(perCustomerLimit);
          // Nobody is turned away while units are left for them: all of it sells, or every
          // customer got what they asked up to their limit.
          const wanted = [...asked.values()].reduce(
            (sum, a) => sum + Math.min(a, perCustomerLimit),
            0,
          );
          expect(sold).toBe(Math.min(quantity, wanted));
          expect(Number(await redis.get(`${prefix}:{${sale.promotionId}}:sold`))).toBe(sold);
          expect(await gates[0].left(sale)).toBe(
            Math.max(0, Math.min(quantity - sold, perCustomerLimit)),
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('answers which counters are missing instead of granting, so the ledger can seed them', async () => {
    const gate = new FlashSaleGate(redis, prefix);
    const seeded = newSale({ quantity: 5, perCustomerLimit: 2 });
    const lost = newSale({ quantity: 5, perCustomerLimit: 2 });
    await open(gate, seeded, ['c1']);
    expect(
      await gate.grant('c1', [
        { sale: seeded, units: 1 },
        { sale: lost, units: 1 },
      ]),
    ).toEqual({ missing: [1] });
    expect(await gate.left(lost)).toBeUndefined();
    // Nothing was counted for the sale whose counters were there either.
    expect(await gate.left(seeded, 'c1')).toBe(2);

    // Seeded from the ledger's committed count (3 sold, 1 of them to c1), it grants on that basis.
    await gate.seed(lost.promotionId, 600, 3, [{ customerId: 'c1', taken: 1 }]);
    expect(
      await gate.grant('c1', [
        { sale: seeded, units: 1 },
        { sale: lost, units: 5 },
      ]),
    ).toEqual([1, 1]);
    // Seeding never overwrites a counter that is there (another process may have counted on it).
    await gate.seed(lost.promotionId, 600, 0, [{ customerId: 'c1', taken: 0 }]);
    expect(await gate.left(lost)).toBe(1);
  });

  it('gives back no more than a counter holds, and leaves missing counters for the ledger to seed', async () => {
    const gate = new FlashSaleGate(redis, prefix);
    const sale = newSale({ quantity: 5, perCustomerLimit: 5 });
    await open(gate, sale, ['c1']);
    expect(await gate.grant('c1', [{ sale, units: 2 }])).toEqual([2]);
    // Counters seeded after a grant may not include it: giving back more stops at zero.
    await gate.giveBack([{ promotionId: sale.promotionId, customerId: 'c1', units: 3 }]);
    expect(await gate.left(sale, 'c1')).toBe(5);
    await gate.giveBack([{ promotionId: sale.promotionId, customerId: 'c2', units: 1 }]);
    expect(await redis.exists(`${prefix}:{${sale.promotionId}}:customer:c2`)).toBe(0);
  });
});
