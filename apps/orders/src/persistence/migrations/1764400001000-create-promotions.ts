import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Promotions, coupon redemptions and flash-sale purchases: the ledgers behind the quotas. */
export class CreatePromotions1764400001000 implements MigrationInterface {
  name = 'CreatePromotions1764400001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE promotions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('PERCENT_OFF', 'AMOUNT_OFF', 'THRESHOLD_OFF', 'GIFT', 'FLASH_SALE')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        target jsonb NOT NULL,
        member_tiers text[] NOT NULL DEFAULT '{}',
        coupon_code text,
        usage_limit integer CHECK (usage_limit >= 1),
        per_customer_limit integer CHECK (per_customer_limit >= 1),
        stackable boolean NOT NULL,
        rules jsonb NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ENDED')),
        flash_sold integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (starts_at < ends_at),
        -- The last line of defence against overselling a flash sale.
        CONSTRAINT promotions_flash_sold_within_quantity CHECK (
          flash_sold >= 0
          AND (kind <> 'FLASH_SALE' OR flash_sold <= (rules->>'quantity')::integer)
        )
      )`);
    // A code names one live promotion; ended ones free it for reuse. Codes are case-sensitive.
    await db.query(
      "CREATE UNIQUE INDEX promotions_open_coupon_code ON promotions (coupon_code) WHERE status = 'ACTIVE' AND coupon_code IS NOT NULL",
    );
    await db.query(
      "CREATE INDEX promotions_active ON promotions (ends_at) WHERE status = 'ACTIVE'",
    );
    await db.query('CREATE INDEX promotions_created ON promotions (created_at, id)');
    await db.query(`
      CREATE TABLE coupon_redemptions (
        promotion_id uuid NOT NULL REFERENCES promotions (id),
        order_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        PRIMARY KEY (promotion_id, order_id)
      )`);
    await db.query(
      'CREATE INDEX coupon_redemptions_in_use ON coupon_redemptions (promotion_id, customer_id) WHERE released_at IS NULL',
    );
    await db.query('CREATE INDEX coupon_redemptions_order ON coupon_redemptions (order_id)');
    await db.query(`
      CREATE TABLE flash_sale_purchases (
        promotion_id uuid NOT NULL REFERENCES promotions (id),
        order_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz,
        PRIMARY KEY (promotion_id, order_id)
      )`);
    await db.query(
      'CREATE INDEX flash_sale_purchases_in_use ON flash_sale_purchases (promotion_id, customer_id) WHERE released_at IS NULL',
    );
    await db.query('CREATE INDEX flash_sale_purchases_order ON flash_sale_purchases (order_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE flash_sale_purchases');
    await db.query('DROP TABLE coupon_redemptions');
    await db.query('DROP TABLE promotions');
  }
}
