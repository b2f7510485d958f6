import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Suppliers, the SKUs they sell, and purchase orders with what has arrived of each line. */
export class CreatePurchasing1796752800000 implements MigrationInterface {
  name = 'CreatePurchasing1796752800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE suppliers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        lead_time_days integer NOT NULL CHECK (lead_time_days >= 1),
        min_order_quantity integer NOT NULL CHECK (min_order_quantity >= 1),
        skus text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX suppliers_skus ON suppliers USING gin (skus)');
    await db.query(`
      CREATE TABLE purchase_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        supplier_id uuid NOT NULL REFERENCES suppliers (id),
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        status text NOT NULL
          CHECK (status IN ('DRAFT', 'SENT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED')),
        lines jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX purchase_orders_open ON purchase_orders (warehouse_id)
        WHERE status IN ('DRAFT', 'SENT', 'PARTIALLY_RECEIVED')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE purchase_orders');
    await db.query('DROP TABLE suppliers');
  }
}
