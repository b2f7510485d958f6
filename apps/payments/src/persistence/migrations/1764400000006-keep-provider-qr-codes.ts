import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The QR code a provider made for a payment, shown to the shopper until the payment is settled. */
export class KeepProviderQrCodes1764400000006 implements MigrationInterface {
  name = 'KeepProviderQrCodes1764400000006';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE payments ADD COLUMN provider_qr_code text');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE payments DROP COLUMN provider_qr_code');
  }
}
