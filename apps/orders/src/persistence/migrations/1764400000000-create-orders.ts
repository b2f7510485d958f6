import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Orders with their lines, the daily order-number sequence, and returns. */
export class CreateOrders1764400000000 implements MigrationInterface {
  name = 'CreateOrders1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        customer_id uuid NOT NULL,
        status text NOT NULL,
        member_tier text NOT NULL,
        shipping_address jsonb NOT NULL,
        delivery_option text NOT NULL,
        pickup_store_id uuid,
        payment_method text NOT NULL,
        session_id text,
        currency text NOT NULL DEFAULT 'CNY',
        subtotal_amount bigint NOT NULL CHECK (subtotal_amount >= 0),
        discount_amount bigint NOT NULL CHECK (discount_amount >= 0),
        shipping_amount bigint NOT NULL CHECK (shipping_amount >= 0),
        total_amount bigint NOT NULL CHECK (total_amount >= 0),
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        applied_promotions jsonb NOT NULL,
        coupon_codes text[] NOT NULL DEFAULT '{}',
        status_history jsonb NOT NULL,
        status_before_return text,
        payment_id uuid,
        shipment_ids uuid[] NOT NULL DEFAULT '{}',
        delivered_shipment_ids uuid[] NOT NULL DEFAULT '{}',
        payment_due_at timestamptz,
        delivered_at timestamptz,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (customer_id, idempotency_key)
      )`);
    await db.query(
      'CREATE INDEX orders_customer ON orders (customer_id, created_at DESC, id DESC)',
    );
    await db.query('CREATE INDEX orders_created ON orders (created_at DESC, id DESC)');
    await db.query(
      `CREATE INDEX orders_payment_due ON orders (payment_due_at) WHERE status = 'AWAITING_PAYMENT'`,
    );
    await db.query(
      `CREATE INDEX orders_delivered ON orders (delivered_at) WHERE status IN ('DELIVERED', 'PARTIALLY_REFUNDED')`,
    );
    await db.query(`
      CREATE TABLE order_lines (
        order_id uuid NOT NULL REFERENCES orders (id),
        line_no int NOT NULL,
        sku text NOT NULL,
        product_id uuid NOT NULL,
        name text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_amount bigint NOT NULL CHECK (unit_price_amount >= 0),
        discount_amount bigint NOT NULL CHECK (discount_amount >= 0),
        line_total_amount bigint NOT NULL CHECK (line_total_amount >= 0),
        weight_grams int NOT NULL DEFAULT 0,
        flash_sale_promotion_id uuid,
        gift boolean NOT NULL DEFAULT false,
        returned_quantity int NOT NULL DEFAULT 0 CHECK (returned_quantity BETWEEN 0 AND quantity),
        PRIMARY KEY (order_id, line_no)
      )`);
    await db.query(`
      CREATE TABLE order_number_sequences (
        day date PRIMARY KEY,
        last_value int NOT NULL
      )`);
    await db.query(`
      CREATE TABLE returns (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders (id),
        customer_id uuid NOT NULL,
        status text NOT NULL,
        lines jsonb NOT NULL,
        reason text NOT NULL,
        refund_amount bigint NOT NULL CHECK (refund_amount >= 0),
        decision_note text,
        received_at timestamptz,
        refunded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX returns_order ON returns (order_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE returns');
    await db.query('DROP TABLE order_number_sequences');
    await db.query('DROP TABLE order_lines');
    await db.query('DROP TABLE orders');
  }
}
