import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Since when a payment waits for its provider's notification (a QR code handed out, or the last
 * time the provider was asked): a notification late by more than a while is replaced by a query.
 */
export class AskProvidersOfWaitingPayments1764400000008 implements MigrationInterface {
  name = 'AskProvidersOfWaitingPayments1764400000008';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE payments ADD COLUMN awaiting_provider_since timestamptz');
    await db.query(
      `CREATE INDEX payments_awaiting_provider ON payments (awaiting_provider_since)
        WHERE awaiting_provider_since IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX payments_awaiting_provider');
    await db.query('ALTER TABLE payments DROP COLUMN awaiting_provider_since');
  }
}
