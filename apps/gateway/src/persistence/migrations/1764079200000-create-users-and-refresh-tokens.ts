import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts and their refresh token families. */
export class CreateUsersAndRefreshTokens1764079200000 implements MigrationInterface {
  name = 'CreateUsersAndRefreshTokens1764079200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        name text NOT NULL,
        phone text,
        roles text[] NOT NULL,
        member_tier text NOT NULL DEFAULT 'REGULAR',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE refresh_tokens');
    await db.query('DROP TABLE users');
  }
}
