import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members' spend moved to the orders service, which ranks tiers from its own orders; users keep
 * the tier it announces.
 */
export class MembershipMovesToOrders1796774400000 implements MigrationInterface {
  name = 'MembershipMovesToOrders1796774400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE paid_orders');
    await db.query('ALTER TABLE users DROP COLUMN paid_amount, DROP COLUMN refunded_amount');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
      ADD COLUMN paid_amount bigint NOT NULL DEFAULT 0,
      ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0`);
    await db.query(`
      CREATE TABLE paid_orders (
        order_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        paid_amount bigint NOT NULL,
        refunded_amount bigint NOT NULL DEFAULT 0
      )`);
  }
}
