import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Payments with their attempts, refunds, processed provider webhooks and the orders read model. */
export class CreatePayments1764400000001 implements MigrationInterface {
  name = 'CreatePayments1764400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL,
        order_number text NOT NULL,
        customer_id uuid NOT NULL,
        method text NOT NULL CHECK (method IN ('SANDBOX_CARD', 'ALIPAY_SANDBOX', 'WECHAT_SANDBOX')),
        provider text NOT NULL,
        provider_ref text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN
          ('REQUIRES_CONFIRMATION', 'CAPTURED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'VOIDED')),
        currency text NOT NULL,
        total_amount bigint NOT NULL CHECK (total_amount >= 0),
        captured_amount bigint NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        fee_amount bigint NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
        attempts jsonb NOT NULL DEFAULT '[]',
        due_at timestamptz,
        confirming_since timestamptz,
        captured_at timestamptz,
        closed_at timestamptz,
        close_reason text,
        provider_closed_at timestamptz,
        flag text,
        -- Milliseconds, as JavaScript dates hold them, so list cursors compare exactly.
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_refunded_le_captured CHECK (refunded_amount <= captured_amount),
        -- One payment per order, however often order.awaiting-payment is delivered.
        CONSTRAINT payments_one_per_order UNIQUE (order_id)
      )`);
    await db.query(
      'CREATE INDEX payments_customer ON payments (customer_id, created_at DESC, id DESC)',
    );
    await db.query('CREATE INDEX payments_listing ON payments (created_at DESC, id DESC)');
    await db.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES payments (id),
        refund_amount bigint NOT NULL CHECK (refund_amount > 0),
        currency text NOT NULL,
        reason text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MANUAL', 'RETURN', 'CANCELLATION', 'LATE_CAPTURE')),
        return_id uuid UNIQUE,
        provider_status text NOT NULL DEFAULT 'PENDING' CHECK (provider_status IN ('PENDING', 'SUCCEEDED')),
        provider_refund_ref text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX refunds_payment ON refunds (payment_id, created_at)');
    await db.query(
      "CREATE INDEX refunds_pending ON refunds (created_at) WHERE provider_status = 'PENDING'",
    );
    await db.query(`
      CREATE TABLE webhook_events (
        provider text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        payment_id uuid,
        outcome text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, event_id)
      )`);
    await db.query(`
      CREATE TABLE order_views (
        order_id uuid PRIMARY KEY,
        number text,
        customer_id uuid,
        order_amount bigint CHECK (order_amount >= 0),
        currency text,
        status text NOT NULL,
        payment_due_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE order_views');
    await db.query('DROP TABLE webhook_events');
    await db.query('DROP TABLE refunds');
    await db.query('DROP TABLE payments');
  }
}
