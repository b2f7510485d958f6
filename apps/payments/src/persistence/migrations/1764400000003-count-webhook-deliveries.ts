import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How often each provider event was delivered: providers repeat notifications, and staff ask. */
export class CountWebhookDeliveries1764400000003 implements MigrationInterface {
  name = 'CountWebhookDeliveries1764400000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_events
        ADD COLUMN deliveries integer NOT NULL DEFAULT 1 CHECK (deliveries >= 1),
        ADD COLUMN last_received_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'ALTER TABLE webhook_events DROP COLUMN last_received_at, DROP COLUMN deliveries',
    );
  }
}
