import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shipments with their tracking history and freight cost. */
export class CreateShipments1764100000002 implements MigrationInterface {
  name = 'CreateShipments1764100000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE shipments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        return_id uuid,
        kind text NOT NULL CHECK (kind IN ('OUTBOUND', 'RETURN')),
        status text NOT NULL,
        mode text NOT NULL,
        carrier text NOT NULL,
        tracking_number text NOT NULL UNIQUE,
        warehouse_id uuid NOT NULL REFERENCES warehouses (id),
        items jsonb NOT NULL,
        cost_amount bigint NOT NULL CHECK (cost_amount >= 0),
        reason text NOT NULL,
        events jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One outbound parcel per warehouse and order, however often order.paid is handled.
    await db.query(
      "CREATE UNIQUE INDEX shipments_outbound_once ON shipments (order_id, warehouse_id) WHERE kind = 'OUTBOUND'",
    );
    await db.query('CREATE INDEX shipments_order ON shipments (order_id)');
    await db.query('CREATE INDEX shipments_created ON shipments (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE shipments');
  }
}
