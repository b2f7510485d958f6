import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a promotion's coupon code may be shown to shoppers; codes are staff-only by default. */
export class AdvertisePromotions1796665891340 implements MigrationInterface {
  name = 'AdvertisePromotions1796665891340';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE promotions ADD COLUMN advertised boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE promotions DROP COLUMN advertised');
  }
}
