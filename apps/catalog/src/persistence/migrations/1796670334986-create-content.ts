import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Content pages and banners (API.md "Content"). */
export class CreateContent1796670334986 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE content_pages (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        slug text NOT NULL UNIQUE,
        title text NOT NULL,
        blocks jsonb NOT NULL DEFAULT '[]',
        linked_product_ids jsonb NOT NULL DEFAULT '[]',
        campaign text,
        status text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
        publish_at timestamptz,
        unpublish_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (publish_at IS NULL OR unpublish_at IS NULL OR unpublish_at > publish_at)
      )`);
    await q.query(`
      CREATE TABLE content_banners (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        placement text NOT NULL,
        title text NOT NULL,
        image_url text NOT NULL,
        link_url text NOT NULL,
        linked_product_ids jsonb NOT NULL DEFAULT '[]',
        campaign text,
        status text NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
        publish_at timestamptz,
        unpublish_at timestamptz,
        priority int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (publish_at IS NULL OR unpublish_at IS NULL OR unpublish_at > publish_at)
      )`);
    await q.query(
      'CREATE INDEX content_banners_placement ON content_banners (placement, priority DESC, seq)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE content_banners');
    await q.query('DROP TABLE content_pages');
  }
}
