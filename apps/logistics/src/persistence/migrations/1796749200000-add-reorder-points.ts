import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stock row keeps the reorder point its plan set, and since when it has been at or below it:
 * the latch that announces `stock.low` once per crossing.
 */
export class AddReorderPoints1796749200000 implements MigrationInterface {
  name = 'AddReorderPoints1796749200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE stock_levels
        ADD COLUMN reorder_point integer CHECK (reorder_point >= 0),
        ADD COLUMN low_since timestamptz`);
    await db.query(
      "CREATE INDEX stock_movements_sales ON stock_movements (occurred_at) WHERE reason = 'ORDER'",
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX stock_movements_sales');
    await db.query('ALTER TABLE stock_levels DROP COLUMN low_since, DROP COLUMN reorder_point');
  }
}
