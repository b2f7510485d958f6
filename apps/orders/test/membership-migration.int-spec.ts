import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@emporium/testing';
import { migrations } from '../src/persistence/migrations';
import { CreateMembership1796774400000 } from '../src/persistence/migrations/1796774400000-create-membership';

// The orders schema as it was before membership moved here, with orders already taken.
const before = migrations.slice(0, migrations.indexOf(CreateMembership1796774400000));

let database: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await createTestDatabase('orders_membership_migration');
  db = new DataSource({ type: 'postgres', url: database.url, migrations: before });
  await db.initialize();
  await db.runMigrations();
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const anOrder = (
  customerId: string,
  total: number,
  statuses: readonly string[],
  refunded = 0,
): Promise<unknown> =>
  db.query(
    `INSERT INTO orders (id, number, customer_id, status, member_tier, shipping_address,
       delivery_option, payment_method, subtotal_amount, discount_amount, shipping_amount,
       total_amount, refunded_amount, applied_promotions, status_history)
     VALUES ($1, $2, $3, $4, 'REGULAR', '{}', 'STANDARD', 'SANDBOX_CARD', $5, 0, 0, $5, $6, '[]', $7)`,
    [
      randomUUID(),
      `N-${randomUUID()}`,
      customerId,
      statuses.at(-1),
      total,
      refunded,
      JSON.stringify(statuses.map((status) => ({ status, at: new Date().toISOString() }))),
    ],
  );

describe('the migration that brings membership to orders', () => {
  it("carries every customer's paid spend over from the orders that reached PAID", async () => {
    const [loyal, refunded, unpaid] = [randomUUID(), randomUUID(), randomUUID()];
    await anOrder(loyal, 150_000, ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLING']);
    await anOrder(loyal, 30_000, ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'DELIVERED', 'COMPLETED']);
    // Refunded in full after a cancellation; a refund can never count for more than was paid.
    await anOrder(refunded, 50_000, ['AWAITING_PAYMENT', 'PAID', 'CANCELLED'], 60_000);
    await anOrder(unpaid, 70_000, ['PENDING', 'AWAITING_PAYMENT', 'CANCELLED']);

    db.setOptions({ migrations });
    await db.destroy();
    await db.initialize();
    await db.runMigrations();

    const members: {
      customer_id: string;
      paid_amount: string;
      refunded_amount: string;
      tier: string | null;
    }[] = await db.query(
      'SELECT customer_id, paid_amount, refunded_amount, tier FROM members ORDER BY paid_amount',
    );
    expect(members).toEqual([
      { customer_id: refunded, paid_amount: '50000', refunded_amount: '50000', tier: null },
      { customer_id: loyal, paid_amount: '180000', refunded_amount: '0', tier: null },
    ]);
    const counted: { n: string }[] = await db.query(
      'SELECT count(*) AS n FROM member_paid_orders WHERE customer_id = $1',
      [loyal],
    );
    expect(counted[0].n).toBe('2');
  });
});
