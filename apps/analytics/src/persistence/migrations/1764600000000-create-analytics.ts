import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROVINCES } from '../../domain/provinces';

/**
 * Analytics' star schema: dimensions (dates in Asia/Shanghai, provinces, categories, products,
 * customers), facts keyed by their natural ids (so a replayed or repeated event upserts instead of
 * adding), rollups kept in the fact's transaction, and the quarantine of what could not be used.
 */
export class CreateAnalytics1764600000000 implements MigrationInterface {
  name = 'CreateAnalytics1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dim_dates (
        day date PRIMARY KEY,
        year integer NOT NULL,
        quarter integer NOT NULL,
        month integer NOT NULL,
        iso_year integer NOT NULL,
        iso_week integer NOT NULL,
        day_of_week integer NOT NULL,
        is_weekend boolean NOT NULL
      )`);
    await db.query(`
      INSERT INTO dim_dates
      SELECT d::date, extract(year FROM d), extract(quarter FROM d), extract(month FROM d),
             extract(isoyear FROM d), extract(week FROM d), extract(isodow FROM d), extract(isodow FROM d) >= 6
      FROM generate_series('2015-01-01'::date, '2045-12-31'::date, interval '1 day') d`);
    await db.query(`
      CREATE TABLE dim_provinces (
        name text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        map_name text NOT NULL
      )`);
    const values = PROVINCES.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(
      ', ',
    );
    await db.query(
      `INSERT INTO dim_provinces (name, code, map_name) VALUES ${values}`,
      PROVINCES.flatMap((p) => [p.name, p.code, p.mapName]),
    );
    await db.query(`
      CREATE TABLE dim_categories (
        category_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE dim_products (
        product_id text PRIMARY KEY,
        name text NOT NULL,
        slug text,
        category_id text,
        status text,
        skus text[] NOT NULL DEFAULT '{}',
        price_amount bigint,
        as_of timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE dim_customers (
        customer_id text PRIMARY KEY,
        member_tier text,
        tier_as_of timestamptz,
        registered_at timestamptz,
        first_paid_at timestamptz,
        last_paid_at timestamptz,
        paid_orders integer NOT NULL DEFAULT 0,
        paid_amount bigint NOT NULL DEFAULT 0
      )`);
    await db.query('CREATE INDEX dim_customers_first_paid ON dim_customers (first_paid_at)');
    await db.query('CREATE INDEX dim_customers_registered ON dim_customers (registered_at)');
    await db.query(`
      CREATE TABLE fact_orders (
        order_id text PRIMARY KEY,
        number text,
        customer_id text,
        session_id text,
        province text,
        member_tier text,
        payment_method text,
        delivery_option text,
        currency text NOT NULL DEFAULT 'CNY',
        subtotal_amount bigint,
        discount_amount bigint,
        shipping_amount bigint,
        total_amount bigint,
        item_count integer,
        placed_at timestamptz,
        paid_at timestamptz,
        cancelled_at timestamptz,
        cancel_reason text,
        delivered_at timestamptz,
        completed_at timestamptz,
        refunded_amount bigint NOT NULL DEFAULT 0,
        counted_region boolean NOT NULL DEFAULT false,
        counted_session boolean NOT NULL DEFAULT false
      )`);
    await db.query(
      'CREATE INDEX fact_orders_paid ON fact_orders (paid_at) INCLUDE (customer_id, total_amount, item_count) WHERE paid_at IS NOT NULL',
    );
    await db.query('CREATE INDEX fact_orders_customer ON fact_orders (customer_id, paid_at)');
    await db.query(`
      CREATE TABLE fact_order_lines (
        order_id text NOT NULL,
        sku text NOT NULL,
        product_id text NOT NULL,
        name text,
        quantity integer NOT NULL,
        unit_price_amount bigint,
        discount_amount bigint,
        line_total_amount bigint NOT NULL,
        PRIMARY KEY (order_id, sku)
      )`);
    await db.query('CREATE INDEX fact_order_lines_product ON fact_order_lines (product_id)');
    await db.query(`
      CREATE TABLE fact_payments (
        payment_id text PRIMARY KEY,
        order_id text NOT NULL,
        customer_id text,
        method text,
        amount bigint NOT NULL,
        captured_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE fact_refunds (
        refund_id text PRIMARY KEY,
        payment_id text NOT NULL,
        order_id text NOT NULL,
        customer_id text,
        return_id text,
        amount bigint NOT NULL,
        reason text,
        refunded_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX fact_refunds_at ON fact_refunds (refunded_at)');
    await db.query(`
      CREATE TABLE fact_returns (
        return_id text PRIMARY KEY,
        order_id text NOT NULL,
        customer_id text,
        status text NOT NULL,
        reason text,
        refund_amount bigint,
        requested_at timestamptz,
        as_of timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE fact_shipments (
        shipment_id text PRIMARY KEY,
        order_id text,
        kind text,
        mode text,
        carrier text,
        cost_amount bigint,
        status text,
        created_at timestamptz,
        delivered_at timestamptz,
        as_of timestamptz
      )`);
    await db.query(`
      CREATE TABLE fact_tickets (
        ticket_id text PRIMARY KEY,
        order_id text,
        customer_id text,
        type text,
        channel text,
        priority text,
        status text,
        rating integer,
        opened_at timestamptz,
        messages integer NOT NULL DEFAULT 0,
        as_of timestamptz
      )`);
    await db.query(`
      CREATE TABLE fact_stock_movements (
        event_id text PRIMARY KEY,
        type text NOT NULL,
        subject text NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL
      )`);
    await db.query(`
      CREATE TABLE fact_behavior_events (
        event_key text PRIMARY KEY,
        session_id text NOT NULL,
        type text NOT NULL,
        product_id text,
        sku text,
        query text,
        customer_id text,
        at timestamptz NOT NULL
      )`);
    await db.query(
      'CREATE INDEX fact_behavior_events_session ON fact_behavior_events (session_id, at)',
    );
    await db.query(`
      CREATE TABLE fact_sessions (
        session_id text PRIMARY KEY,
        customer_id text,
        first_at timestamptz,
        utm_source text,
        utm_campaign text,
        utm_at timestamptz,
        is_bot boolean NOT NULL DEFAULT false,
        viewed boolean NOT NULL DEFAULT false,
        carted boolean NOT NULL DEFAULT false,
        checkout boolean NOT NULL DEFAULT false,
        paid_orders integer NOT NULL DEFAULT 0,
        paid_amount bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE agg_sales_hourly (
        hour timestamptz PRIMARY KEY,
        orders integer NOT NULL DEFAULT 0,
        gmv bigint NOT NULL DEFAULT 0,
        items bigint NOT NULL DEFAULT 0,
        refunds bigint NOT NULL DEFAULT 0,
        refund_count integer NOT NULL DEFAULT 0
      )`);
    await db.query(`
      CREATE TABLE agg_product_daily (
        day date NOT NULL,
        product_id text NOT NULL,
        units bigint NOT NULL DEFAULT 0,
        revenue bigint NOT NULL DEFAULT 0,
        orders integer NOT NULL DEFAULT 0,
        PRIMARY KEY (day, product_id)
      )`);
    // Recommendations read one product's orders over all days.
    await db.query(
      'CREATE INDEX agg_product_daily_product ON agg_product_daily (product_id, day) INCLUDE (units, orders)',
    );
    await db.query(`
      CREATE TABLE agg_province_daily (
        day date NOT NULL,
        province text NOT NULL,
        orders integer NOT NULL DEFAULT 0,
        gmv bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, province)
      )`);
    await db.query(`
      CREATE TABLE agg_channel_daily (
        day date NOT NULL,
        utm_source text NOT NULL,
        utm_campaign text NOT NULL,
        sessions integer NOT NULL DEFAULT 0,
        viewed integer NOT NULL DEFAULT 0,
        carted integer NOT NULL DEFAULT 0,
        checkout integer NOT NULL DEFAULT 0,
        converted integer NOT NULL DEFAULT 0,
        orders integer NOT NULL DEFAULT 0,
        gmv bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, utm_source, utm_campaign)
      )`);
    await db.query(`
      CREATE TABLE agg_product_pairs (
        product_id text NOT NULL,
        other_product_id text NOT NULL,
        orders integer NOT NULL DEFAULT 0,
        PRIMARY KEY (product_id, other_product_id)
      )`);
    await db.query(`
      CREATE TABLE quarantine (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL,
        event_type text NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        product_id text,
        payload jsonb,
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, reason, detail)
      )`);
    await db.query('CREATE INDEX fact_sessions_bots ON fact_sessions (first_at) WHERE is_bot');
    await db.query('CREATE INDEX quarantine_products ON quarantine (product_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'quarantine',
      'agg_product_pairs',
      'agg_channel_daily',
      'agg_province_daily',
      'agg_product_daily',
      'agg_sales_hourly',
      'fact_sessions',
      'fact_behavior_events',
      'fact_stock_movements',
      'fact_tickets',
      'fact_shipments',
      'fact_returns',
      'fact_refunds',
      'fact_payments',
      'fact_order_lines',
      'fact_orders',
      'dim_customers',
      'dim_products',
      'dim_categories',
      'dim_provinces',
      'dim_dates',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
