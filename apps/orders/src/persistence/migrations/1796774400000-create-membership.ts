import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members' spend and the orders counted towards it, moved here from the gateway. They are filled
 * from this service's own orders (every order that reached PAID, less what was refunded of it), so
 * tiers carry on; a member's tier is stored again the next time the spend changes.
 */
export class CreateMembership1796774400000 implements MigrationInterface {
  name = 'CreateMembership1796774400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE member_paid_orders (
        order_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        paid_amount bigint NOT NULL CHECK (paid_amount >= 0),
        refunded_amount bigint NOT NULL DEFAULT 0
          CHECK (refunded_amount >= 0 AND refunded_amount <= paid_amount)
      )`);
    await db.query(`
      CREATE TABLE members (
        customer_id uuid PRIMARY KEY,
        paid_amount bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0),
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        tier text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO member_paid_orders (order_id, customer_id, paid_amount, refunded_amount)
      SELECT id, customer_id, total_amount, LEAST(refunded_amount, total_amount)
        FROM orders WHERE status_history @> '[{"status": "PAID"}]'`);
    await db.query(`
      INSERT INTO members (customer_id, paid_amount, refunded_amount)
      SELECT customer_id, sum(paid_amount), sum(refunded_amount)
        FROM member_paid_orders GROUP BY customer_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE members');
    await db.query('DROP TABLE member_paid_orders');
  }
}
