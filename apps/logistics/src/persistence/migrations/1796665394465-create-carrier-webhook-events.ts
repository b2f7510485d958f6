import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Carrier events already applied, by carrier and event id: a replayed event changes nothing. */
export class CreateCarrierWebhookEvents1796665394465 implements MigrationInterface {
  name = 'CreateCarrierWebhookEvents1796665394465';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE carrier_webhook_events (
        carrier text NOT NULL,
        event_id text NOT NULL,
        shipment_id uuid NOT NULL REFERENCES shipments (id),
        status text NOT NULL,
        deliveries integer NOT NULL DEFAULT 1 CHECK (deliveries >= 1),
        received_at timestamptz NOT NULL DEFAULT now(),
        last_received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (carrier, event_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE carrier_webhook_events');
  }
}
