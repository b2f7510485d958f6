import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Paid orders by customer, so a refund (which names only the order) finds whose spend it lowers. */
export class CreatePaidOrders1764086400000 implements MigrationInterface {
  name = 'CreatePaidOrders1764086400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE paid_orders (
        order_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        paid_amount bigint NOT NULL,
        refunded_amount bigint NOT NULL DEFAULT 0
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE paid_orders');
  }
}
