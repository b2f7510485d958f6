import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Categories, products, variants, the inventory and purchase read models, reviews, search indexes. */
export class CreateCatalog1764086400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    // Trigram indexes serve LIKE '%…%' on Chinese and Latin text alike, with no tokenizer (docs/search.md).
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(`
      CREATE TABLE categories (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        slug text NOT NULL UNIQUE,
        parent_id uuid REFERENCES categories (id),
        position int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX categories_parent ON categories (parent_id)');
    await q.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        name text NOT NULL,
        slug text NOT NULL UNIQUE,
        description text NOT NULL,
        category_id uuid NOT NULL REFERENCES categories (id),
        status text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'ARCHIVED')),
        shippable boolean NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}',
        images jsonb NOT NULL DEFAULT '[]',
        price_from_amount bigint NOT NULL CHECK (price_from_amount > 0),
        currency text NOT NULL,
        available boolean NOT NULL DEFAULT false,
        sold_units bigint NOT NULL DEFAULT 0,
        rating_count int NOT NULL DEFAULT 0,
        rating_sum int NOT NULL DEFAULT 0,
        search_name text NOT NULL,
        search_description text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX products_search_name_trgm ON products USING gin (search_name gin_trgm_ops)',
    );
    await q.query(
      'CREATE INDEX products_search_description_trgm ON products USING gin (search_description gin_trgm_ops)',
    );
    await q.query('CREATE INDEX products_category ON products (category_id)');
    await q.query("CREATE INDEX products_newest ON products (seq DESC) WHERE status = 'ACTIVE'");
    await q.query(
      "CREATE INDEX products_price ON products (price_from_amount, id) WHERE status = 'ACTIVE'",
    );
    await q.query(
      "CREATE INDEX products_best_selling ON products (sold_units DESC, id) WHERE status = 'ACTIVE'",
    );
    await q.query(`
      CREATE TABLE product_variants (
        sku text PRIMARY KEY,
        product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
        name text NOT NULL,
        price_amount bigint NOT NULL CHECK (price_amount > 0),
        currency text NOT NULL,
        weight_grams int,
        length_mm int,
        width_mm int,
        height_mm int,
        attributes jsonb NOT NULL DEFAULT '{}',
        position int NOT NULL,
        available int NOT NULL DEFAULT 0
      )`);
    await q.query('CREATE INDEX product_variants_product ON product_variants (product_id)');
    await q.query(`
      CREATE TABLE stock_levels (
        sku text NOT NULL,
        warehouse_id text NOT NULL,
        available int NOT NULL,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (sku, warehouse_id)
      )`);
    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        product_id uuid NOT NULL REFERENCES products (id),
        customer_id uuid NOT NULL,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (product_id, customer_id)
      )`);
    await q.query('CREATE INDEX reviews_product ON reviews (product_id, seq DESC)');
    await q.query(`
      CREATE TABLE delivered_purchases (
        customer_id uuid NOT NULL,
        product_id uuid NOT NULL,
        order_id uuid NOT NULL,
        delivered_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, product_id, order_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE delivered_purchases, reviews, stock_levels, product_variants, products, categories',
    );
  }
}
