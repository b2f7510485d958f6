import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { MemberTier, PromotionStatus } from '@emporium/contracts';
import type { PromotionRules } from '../domain/promotion-rules';
import type { Promotion, PromotionKind, PromotionTarget } from '../domain/promotions';

export type { PromotionStatus };

/** A promotion as stored: rules in the engine's form (fen), flash units sold counted on the row. */
@Entity({ name: 'promotions' })
export class PromotionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: PromotionKind;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'jsonb' })
  target!: PromotionTarget;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  memberTiers!: MemberTier[];

  @Column({ type: 'text', nullable: true })
  couponCode!: string | null;

  @Column({ type: 'integer', nullable: true })
  usageLimit!: number | null;

  @Column({ type: 'integer', nullable: true })
  perCustomerLimit!: number | null;

  @Column({ type: 'boolean' })
  stackable!: boolean;

  /** Whether shoppers may see the coupon code; otherwise only staff do. */
  @Column({ type: 'boolean', default: false })
  advertised!: boolean;

  @Column({ type: 'jsonb' })
  rules!: PromotionRules;

  @Column({ type: 'text', default: 'ACTIVE' })
  status!: PromotionStatus;

  @Column({ type: 'integer', default: 0 })
  flashSold!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ type: 'integer' })
  version!: number;
}

/** The engine's view of a stored promotion; the row's kind decides how its rules read. */
export function toPromotion(p: PromotionEntity): Promotion {
  const common = {
    id: p.id,
    name: p.name,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    target: p.target,
    ...(p.memberTiers.length > 0 ? { memberTiers: p.memberTiers } : {}),
    ...(p.couponCode !== null ? { couponCode: p.couponCode } : {}),
    stackable: p.stackable,
  };
  // The rules were checked against the kind when stored (parsePromotionRules).
  return { ...common, kind: p.kind, rules: p.rules } as Promotion;
}
