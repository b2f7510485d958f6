import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The double-entry ledger: journals (ledger_entries) and their postings. */
export class CreateLedger1764400000002 implements MigrationInterface {
  name = 'CreateLedger1764400000002';

  async up(db: QueryRunner): Promise<void> {
    // No foreign key to payments: reconciliation must be able to read a journal whatever it names.
    await db.query(`
      CREATE TABLE ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('CAPTURE', 'FEE', 'REFUND')),
        payment_id uuid NOT NULL,
        order_id uuid NOT NULL,
        refund_id uuid,
        method text NOT NULL,
        currency text NOT NULL,
        posted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX ledger_entries_posted ON ledger_entries (posted_at)');
    await db.query('CREATE INDEX ledger_entries_order ON ledger_entries (order_id, kind)');
    await db.query(`
      CREATE TABLE postings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES ledger_entries (id),
        account text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('DEBIT', 'CREDIT')),
        posting_amount bigint NOT NULL CHECK (posting_amount > 0)
      )`);
    await db.query('CREATE INDEX postings_entry ON postings (entry_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE postings');
    await db.query('DROP TABLE ledger_entries');
  }
}
