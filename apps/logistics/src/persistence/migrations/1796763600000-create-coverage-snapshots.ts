import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Coverage answers kept for a while: a year of orders takes seconds to replay. */
export class CreateCoverageSnapshots1796763600000 implements MigrationInterface {
  name = 'CreateCoverageSnapshots1796763600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE coverage_snapshots (
        key text PRIMARY KEY,
        body json NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE coverage_snapshots');
  }
}
