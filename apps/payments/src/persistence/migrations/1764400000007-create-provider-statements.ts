import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers' daily statements (对账单), one per provider and day (an import replaces it), and
 * what each differs from the ledger in, one row per difference so each is raised to staff once.
 */
export class CreateProviderStatements1764400000007 implements MigrationInterface {
  name = 'CreateProviderStatements1764400000007';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE provider_statements (
        provider text NOT NULL,
        statement_date date NOT NULL,
        source text NOT NULL CHECK (source IN ('UPLOAD', 'PROVIDER')),
        content_sha256 text NOT NULL,
        line_count int NOT NULL,
        matched_count int NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, statement_date)
      )`);
    await db.query(`
      CREATE TABLE statement_mismatches (
        provider text NOT NULL,
        statement_date date NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('MISSING_IN_LEDGER', 'MISSING_IN_STATEMENT', 'AMOUNT', 'FEE')),
        reference text NOT NULL,
        line_kind text NOT NULL CHECK (line_kind IN ('PAYMENT', 'REFUND')),
        provider_ref text NOT NULL,
        payment_id uuid,
        refund_id uuid,
        ours_amount bigint,
        theirs_amount bigint,
        currency text NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, statement_date, kind, reference),
        FOREIGN KEY (provider, statement_date)
          REFERENCES provider_statements (provider, statement_date) ON DELETE CASCADE
      )`);
    await db.query(
      'CREATE INDEX statement_mismatches_date ON statement_mismatches (statement_date)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE statement_mismatches');
    await db.query('DROP TABLE provider_statements');
  }
}
