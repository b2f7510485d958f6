import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sandbox providers' webhooks still to deliver, so a restart or crash of payments loses none
 * (a real provider keeps retrying its notifications until they are acknowledged).
 */
export class CreateSandboxCallbacks1764400000004 implements MigrationInterface {
  name = 'CreateSandboxCallbacks1764400000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE sandbox_callbacks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL,
        provider_ref text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        -- Posted as is on every try (re-signed each time), so every delivery is the same event.
        body text NOT NULL,
        -- The provider repeating a notification already acknowledged; delivered once more only.
        duplicate boolean NOT NULL DEFAULT false,
        -- Next try; moved forward while a try is under way, so a sweeper that died leaves it due again.
        due_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        delivered_at timestamptz,
        given_up_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sandbox_callbacks_once UNIQUE (provider, event_id, duplicate)
      )`);
    await db.query(
      'CREATE INDEX sandbox_callbacks_due ON sandbox_callbacks (due_at) WHERE delivered_at IS NULL AND given_up_at IS NULL',
    );
    await db.query('CREATE INDEX sandbox_callbacks_ref ON sandbox_callbacks (provider_ref)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE sandbox_callbacks');
  }
}
