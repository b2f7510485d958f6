import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MemberTier, Role } from '@emporium/contracts';

/** An account: customer, merchant, agent or admin. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Stored lower-cased, so the unique index makes e-mails case-insensitive. */
  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  /** As the orders service, which ranks members, last announced it (customer.tier-changed). */
  @Column({ type: 'text' })
  memberTier!: MemberTier;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
