import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every unit that leaves or enters a warehouse's shelves, kept as a ledger: the sales history that
 * slotting, forecasts and coverage read, and the two legs of a transfer. Stock rows get a bin.
 */
export class CreateStockMovements1796745600000 implements MigrationInterface {
  name = 'CreateStockMovements1796745600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stock_movements (
        id bigserial PRIMARY KEY,
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        sku text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('OUTBOUND', 'INBOUND')),
        reason text NOT NULL CHECK (reason IN ('ORDER', 'TRANSFER', 'PURCHASE_ORDER')),
        quantity integer NOT NULL CHECK (quantity > 0),
        revenue_amount bigint NOT NULL DEFAULT 0 CHECK (revenue_amount >= 0),
        order_id uuid,
        transfer_id uuid,
        purchase_order_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      'CREATE INDEX stock_movements_warehouse_time ON stock_movements (warehouse_id, occurred_at)',
    );
    await db.query('ALTER TABLE stock_levels ADD COLUMN location text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE stock_levels DROP COLUMN location');
    await db.query('DROP TABLE stock_movements');
  }
}
