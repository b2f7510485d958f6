/*
 * Checks a promotion as a merchant sends it, before it is stored.
 *
 * Two kinds of finding: a field problem is malformed input (wrong type, out of range, unknown
 * field) and is answered 400 with the field's path; a violation is well-formed input that a
 * business rule refuses (tiers out of order, a currency other than CNY, an empty window) and is
 * answered 422 with its code. Rules arrive in API form (Money objects) and leave in the engine's
 * form (plain fen), so nothing else has to convert them.
 */
import { DEFAULT_CURRENCY } from '@emporium/contracts';
import type {
  AmountOffRules,
  FlashSaleRules,
  GiftRules,
  PercentOffRules,
  PromotionKind,
  PromotionTarget,
  ThresholdOffRules,
  ThresholdTier,
} from './promotions';

/** The rules of any kind, in the engine's form (fen). */
export type PromotionRules =
  PercentOffRules | AmountOffRules | ThresholdOffRules | GiftRules | FlashSaleRules;

/** Malformed input at `field` (a path such as `rules.tiers[0].off.amount`): a 400. */
export interface RuleFieldProblem {
  readonly field: string;
  readonly message: string;
}

/** Well-formed input a business rule refuses: a 422 with `code`. */
export interface RuleViolation {
  readonly code: string;
  readonly message: string;
}

/** The outcome of reading a kind's rules. */
export type RulesCheck =
  | { readonly ok: true; readonly rules: PromotionRules }
  | {
      readonly ok: false;
      readonly problems: readonly RuleFieldProblem[];
      readonly violations: readonly RuleViolation[];
    };

/** Most tiers a THRESHOLD_OFF promotion may have. */
export const MAX_THRESHOLD_TIERS = 10;

const FIELDS: Record<PromotionKind, readonly string[]> = {
  PERCENT_OFF: ['percent'],
  AMOUNT_OFF: ['amount'],
  THRESHOLD_OFF: ['tiers'],
  GIFT: ['minQuantity', 'giftSku', 'giftQuantity'],
  FLASH_SALE: ['sku', 'price', 'quantity', 'perCustomerLimit'],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Collects findings while reading; readers return NaN or '' on a problem so reading goes on and
// every problem of a request is reported at once.
class RulesReader {
  readonly problems: RuleFieldProblem[] = [];
  readonly violations: RuleViolation[] = [];

  object(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
    if (!isRecord(value)) {
      this.problems.push({ field, message: `${field} must be an object` });
      return {};
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.problems.push({ field: `${field}.${key}`, message: 'is not allowed' });
    }
    return value;
  }

  integer(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.problems.push({ field, message: `${field} must be a whole number` });
      return NaN;
    }
    if (value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
      this.problems.push({ field, message: `${field} must be ${range}` });
      return NaN;
    }
    return value;
  }

  text(value: unknown, field: string, maxLength: number): string {
    if (typeof value !== 'string' || value.length < 1 || value.length > maxLength) {
      this.problems.push({
        field,
        message: `${field} must be text of 1 to ${maxLength} characters`,
      });
      return '';
    }
    return value;
  }

  /** A Money object with a positive amount; returns its fen. */
  money(value: unknown, field: string): number {
    const m = this.object(value, field, ['amount', 'currency']);
    if (!isRecord(value)) return NaN;
    const amount = this.integer(m.amount, `${field}.amount`, 1);
    if (typeof m.currency !== 'string' || !/^[A-Z]{3}$/.test(m.currency)) {
      this.problems.push({
        field: `${field}.currency`,
        message: `${field}.currency must be an ISO 4217 code`,
      });
    } else if (m.currency !== DEFAULT_CURRENCY) {
      this.violations.push({
        code: 'unsupported-currency',
        message: `${field} is in ${m.currency}; promotions are priced in ${DEFAULT_CURRENCY}`,
      });
    }
    return amount;
  }

  violate(code: string, message: string): void {
    this.violations.push({ code, message });
  }
}

function thresholdRules(r: RulesReader, raw: Record<string, unknown>): ThresholdOffRules {
  if (
    !Array.isArray(raw.tiers) ||
    raw.tiers.length === 0 ||
    raw.tiers.length > MAX_THRESHOLD_TIERS
  ) {
    r.problems.push({
      field: 'rules.tiers',
      message: `rules.tiers must list 1 to ${MAX_THRESHOLD_TIERS} tiers`,
    });
    return { tiers: [] };
  }
  const tiers: ThresholdTier[] = raw.tiers.map((value: unknown, i) => {
    const field = `rules.tiers[${i}]`;
    const tier = r.object(value, field, ['minSubtotal', 'off']);
    return {
      minSubtotal: r.money(tier.minSubtotal, `${field}.minSubtotal`),
      off: r.money(tier.off, `${field}.off`),
    };
  });
  tiers.forEach((tier, i) => {
    if (tier.off >= tier.minSubtotal) {
      r.violate(
        'threshold-off-not-below-minimum',
        `rules.tiers[${i}].off must be below its minSubtotal`,
      );
    }
    if (i > 0 && !(tier.minSubtotal > tiers[i - 1].minSubtotal)) {
      r.violate(
        'threshold-tiers-not-ascending',
        'rules.tiers must be in ascending order of minSubtotal',
      );
    }
  });
  return { tiers };
}

/** Reads the `rules` of a promotion of `kind` from API form into the engine's form. */
export function parsePromotionRules(kind: PromotionKind, raw: unknown): RulesCheck {
  const r = new RulesReader();
  const o = r.object(raw, 'rules', FIELDS[kind]);
  let rules: PromotionRules;
  switch (kind) {
    case 'PERCENT_OFF':
      rules = { percent: r.integer(o.percent, 'rules.percent', 1, 100) };
      break;
    case 'AMOUNT_OFF':
      rules = { amount: r.money(o.amount, 'rules.amount') };
      break;
    case 'THRESHOLD_OFF':
      rules = isRecord(raw) ? thresholdRules(r, o) : { tiers: [] };
      break;
    case 'GIFT':
      rules = {
        minQuantity: r.integer(o.minQuantity, 'rules.minQuantity', 1, 10_000),
        giftSku: r.text(o.giftSku, 'rules.giftSku', 64),
        giftQuantity: r.integer(o.giftQuantity, 'rules.giftQuantity', 1, 10_000),
      };
      break;
    case 'FLASH_SALE':
      rules = {
        sku: r.text(o.sku, 'rules.sku', 64),
        price: r.money(o.price, 'rules.price'),
        quantity: r.integer(o.quantity, 'rules.quantity', 1, 10_000_000),
        perCustomerLimit: r.integer(o.perCustomerLimit, 'rules.perCustomerLimit', 1, 10_000),
      };
      break;
  }
  if (r.problems.length > 0 || r.violations.length > 0) {
    return { ok: false, problems: r.problems, violations: r.violations };
  }
  return { ok: true, rules };
}

/** The parts of a promotion its business rules look at across fields. */
export interface PromotionDraft {
  readonly kind: PromotionKind;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly target: PromotionTarget;
  readonly couponCode?: string;
  readonly usageLimit?: number;
  readonly perCustomerLimit?: number;
}

/** Business rules across a promotion's fields; empty when it may be stored. */
export function promotionViolations(draft: PromotionDraft): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (!(draft.startsAt.getTime() < draft.endsAt.getTime())) {
    violations.push({
      code: 'promotion-window-invalid',
      message: 'startsAt must be before endsAt',
    });
  }
  const { target } = draft;
  const targetsSomething =
    target.all === true || (target.skus?.length ?? 0) > 0 || (target.categoryIds?.length ?? 0) > 0;
  // A flash sale targets its own rules.sku, so its target may be empty.
  if (draft.kind !== 'FLASH_SALE' && !targetsSomething) {
    violations.push({
      code: 'promotion-target-empty',
      message: 'target must name skus or categoryIds, or set all',
    });
  }
  if (
    (draft.usageLimit !== undefined || draft.perCustomerLimit !== undefined) &&
    !draft.couponCode
  ) {
    violations.push({
      code: 'coupon-limits-without-code',
      message: 'usageLimit and perCustomerLimit count coupon uses, so they need a couponCode',
    });
  }
  return violations;
}
