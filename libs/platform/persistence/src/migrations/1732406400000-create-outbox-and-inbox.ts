import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and inbox tables every service has (EVENTS.md "Delivery guarantees"). */
export class CreateOutboxAndInbox1732406400000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1732406400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        event_type text NOT NULL,
        envelope json NOT NULL,
        headers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await db.query('CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL');
    await db.query('CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL');
    await db.query(`
      CREATE TABLE inbox (
        consumer_group text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, event_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE inbox');
    await db.query('DROP TABLE outbox');
  }
}
