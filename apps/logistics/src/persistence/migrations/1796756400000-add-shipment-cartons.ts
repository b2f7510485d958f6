import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The carton a parcel was packed in, and what its units would have cost sent one by one: the
 * cost report's packaging saving.
 */
export class AddShipmentCartons1796756400000 implements MigrationInterface {
  name = 'AddShipmentCartons1796756400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE shipments
        ADD COLUMN carton text,
        ADD COLUMN unpacked_cost_amount bigint CHECK (unpacked_cost_amount >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE shipments DROP COLUMN unpacked_cost_amount, DROP COLUMN carton');
  }
}
