import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { RefreshTokenState } from '../domain/refresh-token';

/** One refresh token; every token issued from one login shares a family. Only a hash is stored. */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity implements RefreshTokenState {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  familyId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text', unique: true })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
