import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  type MemberTier,
  type PromotionFilter,
} from '@emporium/contracts';
import { ValidationFailedError } from '@emporium/platform-http';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import {
  parsePromotionRules,
  promotionViolations,
  type PromotionRules,
  type RuleViolation,
} from '../domain/promotion-rules';
import type { Promotion, PromotionKind, PromotionTarget } from '../domain/promotions';
import { PromotionEntity, toPromotion } from '../persistence/promotion.entity';
import { toPromotionState } from './promotion-events';

/** A promotion as a merchant sends it (API form: rules with Money, ISO-8601 times). */
export interface PromotionInput {
  readonly name: string;
  readonly kind: PromotionKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly target: PromotionTarget;
  readonly memberTiers?: readonly MemberTier[];
  readonly couponCode?: string;
  readonly usageLimit?: number;
  readonly perCustomerLimit?: number;
  readonly stackable: boolean;
  /** Whether shoppers may see the coupon code (default false: staff only). */
  readonly advertised?: boolean;
  readonly rules: unknown;
}

/** A change to a promotion: fields left out stay; `null` clears the coupon fields. */
export interface PromotionPatch {
  readonly name?: string;
  readonly kind?: PromotionKind;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly target?: PromotionTarget;
  readonly memberTiers?: readonly MemberTier[];
  readonly couponCode?: string | null;
  readonly usageLimit?: number | null;
  readonly perCustomerLimit?: number | null;
  readonly stackable?: boolean;
  readonly advertised?: boolean;
  readonly rules?: unknown;
}

/** Which promotions a listing shows: those on offer now, every one, or the ended ones. */
export type { PromotionFilter };

/** A page of promotions. */
export interface PromotionPage {
  readonly items: PromotionEntity[];
  readonly nextCursor: string | null;
}

// Long enough to spare the database on every cart view, short enough that another replica's
// change shows within a moment.
const ACTIVE_CACHE_MS = 2_000;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function encodeCursor(p: PromotionEntity): string {
  return Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString('base64url');
}

// Exactly what encodeCursor writes (toISOString of a real instant): anything else would reach
// Postgres as a timestamp or uuid it cannot read, a 500 instead of a 400.
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCursorKey = (at: unknown, id: unknown): boolean =>
  typeof at === 'string' &&
  typeof id === 'string' &&
  CURSOR_AT.test(at) &&
  !Number.isNaN(Date.parse(at)) &&
  CURSOR_ID.test(id);

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && isCursorKey(value[0], value[1])) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // Reported below like any other malformed cursor.
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);
}

function refuse(violations: readonly RuleViolation[]): void {
  if (violations.length === 0) return;
  throw new BusinessRuleError(violations[0].code, violations.map((v) => v.message).join('; '));
}

function readRules(kind: PromotionKind, raw: unknown): PromotionRules {
  const check = parsePromotionRules(kind, raw);
  if (check.ok) return check.rules;
  if (check.problems.length > 0) throw new ValidationFailedError(check.problems);
  refuse(check.violations);
  throw new Error('unreachable: rules refused without a finding');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driver?.code === '23505' && driver.constraint === constraint;
}

/** Promotions: merchants' administration, and the active set the cart prices with. */
@Injectable()
export class PromotionsService {
  private cached?: { readonly at: number; readonly open: Promise<Promotion[]> };

  constructor(private readonly db: DataSource) {}

  /** Creates a promotion; 400 for malformed rules, 422 for refused ones, 409 for a taken code. */
  async create(input: PromotionInput): Promise<PromotionEntity> {
    const created = await transaction(this.db, (tx) => this.createIn(tx, input));
    this.invalidate();
    return created;
  }

  /** Creates a promotion in the caller's transaction (seeding); the caller invalidates. */
  async createIn(tx: EntityManager, input: PromotionInput): Promise<PromotionEntity> {
    const rules = readRules(input.kind, input.rules);
    const draft = {
      kind: input.kind,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      target: input.target,
      couponCode: input.couponCode,
      usageLimit: input.usageLimit,
      perCustomerLimit: input.perCustomerLimit,
    };
    refuse(promotionViolations(draft));
    if (input.couponCode !== undefined) await this.claimCode(tx, input.couponCode);
    const entity = tx.create(PromotionEntity, {
      name: input.name,
      kind: input.kind,
      startsAt: draft.startsAt,
      endsAt: draft.endsAt,
      target: input.target,
      memberTiers: [...(input.memberTiers ?? [])],
      couponCode: input.couponCode ?? null,
      usageLimit: input.usageLimit ?? null,
      perCustomerLimit: input.perCustomerLimit ?? null,
      stackable: input.stackable,
      advertised: input.advertised ?? false,
      rules,
      status: 'ACTIVE',
      flashSold: 0,
    });
    await this.save(tx, entity);
    await writeOutbox(tx, {
      type: 'promotion.created',
      subject: entity.id,
      data: toPromotionState(entity),
    });
    return entity;
  }

  /** Changes a live promotion; an ended one answers 409. */
  async update(id: string, patch: PromotionPatch): Promise<PromotionEntity> {
    const updated = await transaction(this.db, async (tx) => {
      const p = await this.lock(tx, id);
      if (p.status === 'ENDED')
        throw new ConflictError('promotion-ended', `Promotion ${id} has ended`);
      const kind = patch.kind ?? p.kind;
      if (kind !== p.kind && patch.rules === undefined) {
        throw new ValidationFailedError([
          { field: 'rules', message: 'rules must be given with a new kind' },
        ]);
      }
      const rules = patch.rules === undefined ? p.rules : readRules(kind, patch.rules);
      if (p.kind === 'FLASH_SALE' && p.flashSold > 0) {
        if (kind !== 'FLASH_SALE') {
          throw new BusinessRuleError(
            'flash-sale-has-sales',
            'A flash sale that sold units keeps its kind',
          );
        }
        if ('quantity' in rules && rules.quantity < p.flashSold) {
          throw new BusinessRuleError(
            'flash-quantity-below-sold',
            `${p.flashSold} units are already sold; quantity cannot be lower`,
          );
        }
      }
      const next = {
        name: patch.name ?? p.name,
        kind,
        startsAt: patch.startsAt ? new Date(patch.startsAt) : p.startsAt,
        endsAt: patch.endsAt ? new Date(patch.endsAt) : p.endsAt,
        target: patch.target ?? p.target,
        memberTiers: patch.memberTiers ? [...patch.memberTiers] : p.memberTiers,
        couponCode: patch.couponCode === undefined ? p.couponCode : patch.couponCode,
        usageLimit: patch.usageLimit === undefined ? p.usageLimit : patch.usageLimit,
        perCustomerLimit:
          patch.perCustomerLimit === undefined ? p.perCustomerLimit : patch.perCustomerLimit,
        stackable: patch.stackable ?? p.stackable,
        advertised: patch.advertised ?? p.advertised,
        rules,
      };
      refuse(
        promotionViolations({
          ...next,
          couponCode: next.couponCode ?? undefined,
          usageLimit: next.usageLimit ?? undefined,
          perCustomerLimit: next.perCustomerLimit ?? undefined,
        }),
      );
      if (next.couponCode !== null && next.couponCode !== p.couponCode) {
        await this.claimCode(tx, next.couponCode);
      }
      Object.assign(p, next);
      await this.save(tx, p);
      await writeOutbox(tx, {
        type: 'promotion.updated',
        subject: p.id,
        data: toPromotionState(p),
      });
      return p;
    });
    this.invalidate();
    return updated;
  }

  /** Ends a promotion at once; ending an ended one changes nothing. */
  async end(id: string): Promise<void> {
    await transaction(this.db, async (tx) => {
      const p = await this.lock(tx, id);
      if (p.status === 'ENDED') return;
      p.status = 'ENDED';
      await this.save(tx, p);
      await writeOutbox(tx, { type: 'promotion.ended', subject: p.id, data: toPromotionState(p) });
    });
    this.invalidate();
  }

  /** One promotion, or 404. */
  async get(id: string): Promise<PromotionEntity> {
    const p = await this.db.getRepository(PromotionEntity).findOne({ where: { id } });
    if (!p) throw new NotFoundError('promotion-not-found', `No promotion ${id}`);
    return p;
  }

  /** Whether shoppers see the promotion: live and within its window at `now`. */
  isOnOffer(p: PromotionEntity, now: Date = new Date()): boolean {
    return p.status === 'ACTIVE' && p.startsAt <= now && now < p.endsAt;
  }

  /** A page of promotions, newest first. */
  async list(
    filter: PromotionFilter,
    { limit, cursor, now = new Date() }: { limit?: number; cursor?: string; now?: Date } = {},
  ): Promise<PromotionPage> {
    const size = Math.min(Math.max(limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    // Timestamps compare at millisecond precision, as the cursor carries them.
    const created = "date_trunc('milliseconds', p.created_at)";
    const query = this.db
      .getRepository(PromotionEntity)
      .createQueryBuilder('p')
      .orderBy(created, 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(size + 1);
    if (filter === 'active') {
      query.where("p.status = 'ACTIVE' AND p.starts_at <= :now AND p.ends_at > :now", { now });
    } else if (filter === 'ended') {
      query.where("p.status = 'ENDED'");
    }
    if (cursor) {
      const [at, id] = decodeCursor(cursor);
      query.andWhere(`(${created}, p.id) < (:at::timestamptz, :id::uuid)`, { at, id });
    }
    const rows = await query.getMany();
    const items = rows.slice(0, size);
    return { items, nextCursor: rows.length > size ? encodeCursor(items[items.length - 1]) : null };
  }

  /**
   * The promotions the engine may apply at `now` (window open, not ended), in its own form.
   * Read from a short in-process cache that this process's writes clear.
   */
  async active(now: Date = new Date()): Promise<Promotion[]> {
    const open = await this.open();
    return open.filter((p) => p.startsAt <= now && now < p.endsAt);
  }

  /** The active promotion a coupon code names (exact match), if any: the cart's 422 otherwise. */
  async findByCoupon(code: string, now: Date = new Date()): Promise<Promotion | undefined> {
    return (await this.active(now)).find((p) => p.couponCode === code);
  }

  /** Forgets the cached active set; the next read goes to the database. */
  invalidate(): void {
    this.cached = undefined;
  }

  private open(): Promise<Promotion[]> {
    const cached = this.cached;
    if (cached && Date.now() - cached.at < ACTIVE_CACHE_MS) return cached.open;
    const open = this.db
      .getRepository(PromotionEntity)
      .createQueryBuilder('p')
      .where("p.status = 'ACTIVE' AND p.ends_at > now()")
      .orderBy('p.id')
      .getMany()
      .then((rows) => rows.map(toPromotion));
    const entry = { at: Date.now(), open };
    this.cached = entry;
    // A failed read is not kept: the next caller tries again.
    open.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return open;
  }

  private async lock(tx: EntityManager, id: string): Promise<PromotionEntity> {
    const p = await tx.findOne(PromotionEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!p) throw new NotFoundError('promotion-not-found', `No promotion ${id}`);
    return p;
  }

  // A code names one live promotion. One whose window is over gives its code up: it is ended
  // here (and announced), so codes can be reused without a merchant ending the old one first.
  private async claimCode(tx: EntityManager, code: string): Promise<void> {
    const holder = await tx.findOne(PromotionEntity, {
      where: { couponCode: code, status: 'ACTIVE' },
      lock: { mode: 'pessimistic_write' },
    });
    if (!holder) return;
    if (holder.endsAt.getTime() > Date.now()) {
      throw new ConflictError(
        'coupon-code-taken',
        `Coupon code ${code} belongs to promotion ${holder.id}`,
      );
    }
    holder.status = 'ENDED';
    await this.save(tx, holder);
    await writeOutbox(tx, {
      type: 'promotion.ended',
      subject: holder.id,
      data: toPromotionState(holder),
    });
  }

  private async save(tx: EntityManager, p: PromotionEntity): Promise<void> {
    try {
      await tx.save(p);
    } catch (error) {
      // Two requests racing for one code: the index decides, and the loser hears 409.
      if (isUniqueViolation(error, 'promotions_open_coupon_code')) {
        throw new ConflictError('coupon-code-taken', `Coupon code ${p.couponCode ?? ''} is taken`);
      }
      throw error;
    }
  }
}
