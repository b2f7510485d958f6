import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, transaction } from '@emporium/platform-persistence';
import { createTestDatabase, type TestDatabase } from '@emporium/testing';
import { FlashSaleLedger, type FlashPurchase } from '../src/persistence/flash-sale-ledger';
import { CreatePromotions1764400001000 } from '../src/persistence/migrations/1764400001000-create-promotions';
import { PROMOTION_ENTITIES } from '../src/promotions.module';

/*
 * The Postgres ledger of flash sales on its own, without the Redis gate in front: what it records
 * must hold the documented limits whatever a stale gate granted.
 */
describe('orders: the flash-sale ledger (Postgres)', () => {
  let database: TestDatabase;
  let db: DataSource;
  let ledger: FlashSaleLedger;

  const aSale = async (quantity: number, perCustomerLimit: number, status = 'ACTIVE') => {
    const sku = `FLASH-${randomUUID().slice(0, 8)}`;
    const [{ id }] = (await db.query(
      `INSERT INTO promotions (name, kind, starts_at, ends_at, target, stackable, rules, status)
       VALUES ('秒杀', 'FLASH_SALE', now() - interval '1 hour', now() + interval '1 day', '{}', false, $1, $2)
       RETURNING id`,
      [{ sku, price: 9_900, quantity, perCustomerLimit }, status],
    )) as { id: string }[];
    return { id, sku };
  };

  const record = (
    sale: { id: string; sku: string },
    customerId: string,
    units: number,
    orderId = randomUUID(),
  ) => {
    const purchase: FlashPurchase = {
      promotionId: sale.id,
      orderId,
      customerId,
      sku: sale.sku,
      units,
    };
    return transaction(db, (tx) => ledger.record(tx, purchase));
  };

  beforeAll(async () => {
    database = await createTestDatabase('orders_flash_ledger');
    db = await openDataSource({
      serverUrl: database.serverUrl,
      database: database.name,
      entities: PROMOTION_ENTITIES,
      migrations: [CreatePromotions1764400001000],
      migrate: true,
      poolTimeoutMs: 60_000,
    });
    ledger = new FlashSaleLedger(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('records within the quantity and refuses what would pass it, counting nothing', async () => {
    const sale = await aSale(3, 5);
    expect(await record(sale, randomUUID(), 2)).toEqual({ outcome: 'recorded' });
    expect(await record(sale, randomUUID(), 2)).toEqual({ outcome: 'sold-out' });
    expect(await record(sale, randomUUID(), 1)).toEqual({ outcome: 'recorded' });
    expect(await ledger.sold(sale.id)).toBe(3);
  });

  it('refuses a customer past their limit, as granted by counters that lost their purchases', async () => {
    const sale = await aSale(10, 2);
    const customerId = randomUUID();
    expect(await record(sale, customerId, 2)).toEqual({ outcome: 'recorded' });
    expect(await record(sale, customerId, 1)).toEqual({
      outcome: 'customer-limit-reached',
      perCustomerLimit: 2,
    });
    // The refusal's transaction committed, and recorded nothing.
    expect(await ledger.sold(sale.id)).toBe(2);
    expect(await ledger.taken(sale.id, [customerId])).toEqual([{ customerId, taken: 2 }]);
  });

  it('records an order once, and refuses a sale that is not on', async () => {
    const sale = await aSale(5, 5);
    const orderId = randomUUID();
    expect(await record(sale, randomUUID(), 2, orderId)).toEqual({ outcome: 'recorded' });
    expect(await record(sale, randomUUID(), 2, orderId)).toEqual({ outcome: 'already-recorded' });
    expect(await ledger.sold(sale.id)).toBe(2);
    expect(await record(await aSale(5, 5, 'ENDED'), randomUUID(), 1)).toEqual({
      outcome: 'not-active',
    });
    expect(await record({ id: randomUUID(), sku: sale.sku }, randomUUID(), 1)).toEqual({
      outcome: 'not-active',
    });
  });

  it('never records more than the quantity, nor past a customer’s limit, under concurrent orders', async () => {
    const sale = await aSale(20, 3);
    const regular = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        record(sale, i % 4 === 0 ? regular : randomUUID(), 1 + (i % 2)),
      ),
    );
    const [{ units }] = (await db.query(
      'SELECT coalesce(sum(quantity), 0)::int AS units FROM flash_sale_purchases WHERE promotion_id = $1',
      [sale.id],
    )) as { units: number }[];
    expect(await ledger.sold(sale.id)).toBe(units);
    expect(units).toBeLessThanOrEqual(20);
    expect(outcomes.some((o) => o.outcome === 'sold-out')).toBe(true);
    const [mine] = await ledger.taken(sale.id, [regular]);
    expect(mine.taken).toBeLessThanOrEqual(3);
  });

  it('releases an order’s purchases once, and answers what to give back to the gate', async () => {
    const sale = await aSale(4, 4);
    const customerId = randomUUID();
    const orderId = randomUUID();
    await record(sale, customerId, 3, orderId);
    const given = await transaction(db, (tx) => ledger.release(tx, orderId));
    expect(given).toEqual([{ promotionId: sale.id, customerId, units: 3 }]);
    expect(await transaction(db, (tx) => ledger.release(tx, orderId))).toEqual([]);
    expect(await ledger.sold(sale.id)).toBe(0);
    expect(await ledger.taken(sale.id, [customerId, randomUUID()])).toEqual(
      expect.arrayContaining([{ customerId, taken: 0 }]),
    );
  });
});
