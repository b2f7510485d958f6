import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Store pickups: the code the customer collects with (never logged, never in an event, cleared
 * once the pickup is over), wrong codes given so far, and the deadline to collect by.
 */
export class AddStorePickup1796667382371 implements MigrationInterface {
  name = 'AddStorePickup1796667382371';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE shipments
        ADD COLUMN pickup_code text CHECK (pickup_code ~ '^[0-9]{6}$'),
        ADD COLUMN pickup_failed_attempts integer NOT NULL DEFAULT 0 CHECK (pickup_failed_attempts >= 0),
        ADD COLUMN collect_by timestamptz`);
    // The expiry sweep looks only at pickups waiting on a shelf.
    await db.query(
      `CREATE INDEX shipments_ready_for_pickup ON shipments (collect_by) WHERE status = 'READY_FOR_PICKUP'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX shipments_ready_for_pickup');
    await db.query(
      'ALTER TABLE shipments DROP COLUMN pickup_code, DROP COLUMN pickup_failed_attempts, DROP COLUMN collect_by',
    );
  }
}
