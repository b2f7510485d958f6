import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Member points (积分): a ledger with a row per movement, whose sum is the balance. Earned rows
 * are lots that later debits draw down (`remaining`), the first to expire first; orders remember
 * the points they will earn and when those were credited.
 */
export class CreatePointsLedger1796778000000 implements MigrationInterface {
  name = 'CreatePointsLedger1796778000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE points_ledger (
        id bigserial PRIMARY KEY,
        customer_id uuid NOT NULL,
        order_id uuid,
        kind text NOT NULL CHECK (kind IN ('EARNED', 'REVERSED', 'EXPIRED')),
        points integer NOT NULL CHECK ((kind = 'EARNED') = (points > 0)),
        remaining integer CHECK (remaining >= 0 AND remaining <= points),
        expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'EARNED') = (remaining IS NOT NULL AND expires_at IS NOT NULL))
      )`);
    await db.query('CREATE INDEX points_ledger_customer ON points_ledger (customer_id, id DESC)');
    await db.query(
      `CREATE UNIQUE INDEX points_ledger_earned_once ON points_ledger (order_id) WHERE kind = 'EARNED'`,
    );
    await db.query(
      'CREATE INDEX points_ledger_open_lots ON points_ledger (expires_at) WHERE remaining > 0',
    );
    await db.query(`
      ALTER TABLE member_paid_orders
        ADD COLUMN points integer NOT NULL DEFAULT 0 CHECK (points >= 0),
        ADD COLUMN points_credited_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'ALTER TABLE member_paid_orders DROP COLUMN points, DROP COLUMN points_credited_at',
    );
    await db.query('DROP TABLE points_ledger');
  }
}
