import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Weights and sizes of SKUs, fed by catalog events, for freight quotes. */
export class CreateSkuSpecs1764100000001 implements MigrationInterface {
  name = 'CreateSkuSpecs1764100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sku_specs (
        sku text PRIMARY KEY,
        weight_grams integer NOT NULL CHECK (weight_grams >= 0),
        length_mm integer NOT NULL CHECK (length_mm >= 0),
        width_mm integer NOT NULL CHECK (width_mm >= 0),
        height_mm integer NOT NULL CHECK (height_mm >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sku_specs');
  }
}
