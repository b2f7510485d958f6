import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models fed by other services' events, for priorities, system tickets and the overview. */
export class CreateReadModels1764500001000 implements MigrationInterface {
  name = 'CreateReadModels1764500001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE customer_profiles (
        id uuid PRIMARY KEY,
        email text,
        name text,
        member_tier text,
        registered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE order_views (
        id uuid PRIMARY KEY,
        number text,
        customer_id uuid NOT NULL,
        status text NOT NULL,
        status_since timestamptz NOT NULL,
        total_amount bigint,
        item_count integer,
        placed_at timestamptz,
        paid_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        cancelled_unpaid boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      'CREATE INDEX order_views_customer ON order_views (customer_id, placed_at DESC)',
    );
    await db.query(`
      CREATE TABLE payment_views (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        method text,
        status text NOT NULL,
        amount bigint,
        refunded_amount bigint NOT NULL DEFAULT 0,
        captured_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX payment_views_customer ON payment_views (customer_id)');
    await db.query('CREATE INDEX payment_views_order ON payment_views (order_id)');
    await db.query(`
      CREATE TABLE shipment_views (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        customer_id uuid,
        kind text NOT NULL,
        status text NOT NULL,
        carrier text,
        tracking_number text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX shipment_views_order ON shipment_views (order_id)');
    await db.query('CREATE INDEX shipment_views_customer ON shipment_views (customer_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE shipment_views');
    await db.query('DROP TABLE payment_views');
    await db.query('DROP TABLE order_views');
    await db.query('DROP TABLE customer_profiles');
  }
}
