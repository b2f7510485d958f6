import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Warehouses and stores, stock per warehouse and SKU, and reservations per order. */
export class CreateStock1764100000000 implements MigrationInterface {
  name = 'CreateStock1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE warehouses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('WAREHOUSE', 'STORE')),
        address jsonb NOT NULL,
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE stock_levels (
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        sku text NOT NULL,
        on_hand integer NOT NULL CHECK (on_hand >= 0),
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (warehouse_id, sku)
      )`);
    await db.query('CREATE INDEX stock_levels_sku ON stock_levels (sku)');
    await db.query(`
      CREATE TABLE reservations (
        order_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('RESERVED', 'FAILED', 'RELEASED', 'COMMITTED')),
        delivery_option text NOT NULL,
        destination jsonb NOT NULL,
        allocations jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reservations');
    await db.query('DROP TABLE stock_levels');
    await db.query('DROP TABLE warehouses');
  }
}
