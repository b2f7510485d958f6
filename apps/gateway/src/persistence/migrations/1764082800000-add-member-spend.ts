import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Paid and refunded spend per user, from which the member tier is derived. */
export class AddMemberSpend1764082800000 implements MigrationInterface {
  name = 'AddMemberSpend1764082800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users
      ADD COLUMN paid_amount bigint NOT NULL DEFAULT 0,
      ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users DROP COLUMN paid_amount, DROP COLUMN refunded_amount');
  }
}
