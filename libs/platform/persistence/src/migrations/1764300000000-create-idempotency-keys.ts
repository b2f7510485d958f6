import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Responses stored under their `Idempotency-Key` (API.md "idempotency"), for every service. */
export class CreateIdempotencyKeys1764300000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await db.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_keys');
  }
}
