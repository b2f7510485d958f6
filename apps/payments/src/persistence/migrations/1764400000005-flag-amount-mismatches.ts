import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flags for staff as a list (a payment may earn more than one), and the provider reports of another
 * amount or currency than the payment's, which are recorded instead of captured.
 */
export class FlagAmountMismatches1764400000005 implements MigrationInterface {
  name = 'FlagAmountMismatches1764400000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE payments
        ADD COLUMN flags text[] NOT NULL DEFAULT '{}',
        ADD COLUMN amount_mismatches jsonb NOT NULL DEFAULT '[]'`);
    await db.query('UPDATE payments SET flags = ARRAY[flag] WHERE flag IS NOT NULL');
    // Reconciliation reads the few payments with reports; the others are skipped by this index.
    await db.query(
      `CREATE INDEX payments_amount_mismatches ON payments (id) WHERE amount_mismatches <> '[]'::jsonb`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX payments_amount_mismatches');
    await db.query('ALTER TABLE payments DROP COLUMN amount_mismatches, DROP COLUMN flags');
  }
}
