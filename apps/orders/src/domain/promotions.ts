/*
 * Promotions engine: prices a cart from its lines, the promotions on offer and who is buying.
 *
 * Money: every amount in this module is a plain integer number of fen (CNY minor units), in
 * promotion rules too (`amount`, `price`, `minSubtotal`, `off`). The http layer converts to and
 * from `Money` at the boundary.
 *
 * Eligibility. A promotion applies only when all hold:
 *   - startsAt <= now < endsAt (the window is half-open: it ends exactly at endsAt);
 *   - memberTiers is absent or empty, or contains the customer's tier;
 *   - couponCode is absent, or that code is on the cart (compared exactly).
 * A line is targeted when target.all is true, or its sku is in target.skus, or its categoryId is
 * in target.categoryIds. FLASH_SALE targets the line of rules.sku.
 *
 * Stacking order. Levels run one after another, each on what the previous ones left:
 *   1. FLASH_SALE sets the unit price of the units granted at the flash price (the quota and
 *      per-customer limit are checked atomically elsewhere; context.flashSaleGranted says how many
 *      units were granted). At most min(granted, line quantity, quantity, perCustomerLimit) units
 *      get the flash price; the rest of the line stays at list price as a second line with the
 *      same sku. When several flash sales cover a sku, the lowest price wins.
 *   2. Item level: PERCENT_OFF and AMOUNT_OFF without a coupon code.
 *   3. Order level: THRESHOLD_OFF without a coupon code.
 *   4. Coupon item level: PERCENT_OFF and AMOUNT_OFF with a coupon code.
 *   5. Coupon order level: THRESHOLD_OFF with a coupon code.
 *   6. GIFT: every reached gift promotion adds its gift at zero price (gifts cost the customer
 *      nothing, so there is nothing to choose between).
 * Within levels 2–5: the stackable promotions apply one after another, PERCENT_OFF before
 * AMOUNT_OFF before THRESHOLD_OFF, then by id. A non-stackable promotion never combines with
 * another one at its level, so the engine compares "all stackables together" with each
 * non-stackable alone and keeps whichever gives the customer the largest discount at that level.
 * Ties go to the stackables, then to the non-stackable with the smallest id. The choice is made
 * level by level, each on the prices the earlier levels left. A promotion that would take
 * nothing off is not applied and not listed.
 *
 * Amounts.
 *   - PERCENT_OFF: percent of what is left of each targeted line, rounded half-up per line.
 *   - AMOUNT_OFF: amount off each unit of a targeted line, never below zero.
 *   - THRESHOLD_OFF: base = subtotal of the targeted lines after item-level discounts (for a
 *     coupon threshold, item-level coupons included; order-level discounts never count); the reached
 *     tier (minSubtotal <= base) with the largest `off` applies, capped at what is left of those
 *     lines; it is allocated to them in proportion to what is left of each (their value after
 *     item-level discounts, and after earlier order-level discounts when several apply),
 *     largest-remainder, so the line discounts add up to it exactly.
 *   - FLASH_SALE: its `discount` in appliedPromotions is the saving against the list price; it is
 *     already in the lines' unitPrice, so it is not part of discountTotal.
 * Totals: subtotal = sum of unitPrice x quantity (flash prices included); discountTotal = sum of
 * the line discounts; total = subtotal - discountTotal; lineTotal = unitPrice x quantity -
 * discount. No discount exceeds what is left of the lines it applies to, so nothing is negative.
 * The result does not depend on the order of the cart lines: lines are worked in sku order.
 */
import type { MemberTier, PromotionKind } from '@emporium/contracts';
import { allocateProportionally, assertFen, formatYuan, percentOf, sumFen } from './money';

export type { PromotionKind };

export interface PromotionTarget {
  readonly skus?: readonly string[];
  readonly categoryIds?: readonly string[];
  readonly all?: boolean;
}

export interface PercentOffRules {
  readonly percent: number; // 15 = 15 %
}
export interface AmountOffRules {
  readonly amount: number; // fen off each unit
}
export interface ThresholdTier {
  readonly minSubtotal: number;
  readonly off: number;
}
export interface ThresholdOffRules {
  readonly tiers: readonly ThresholdTier[];
}
export interface GiftRules {
  readonly minQuantity: number;
  readonly giftSku: string;
  readonly giftQuantity: number;
}
export interface FlashSaleRules {
  readonly sku: string;
  readonly price: number;
  readonly quantity: number;
  readonly perCustomerLimit: number;
}

interface PromotionCommon {
  readonly id: string;
  readonly name: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly target: PromotionTarget;
  readonly memberTiers?: readonly MemberTier[];
  readonly couponCode?: string;
  readonly stackable: boolean;
}

export type Promotion =
  | (PromotionCommon & { readonly kind: 'PERCENT_OFF'; readonly rules: PercentOffRules })
  | (PromotionCommon & { readonly kind: 'AMOUNT_OFF'; readonly rules: AmountOffRules })
  | (PromotionCommon & { readonly kind: 'THRESHOLD_OFF'; readonly rules: ThresholdOffRules })
  | (PromotionCommon & { readonly kind: 'GIFT'; readonly rules: GiftRules })
  | (PromotionCommon & { readonly kind: 'FLASH_SALE'; readonly rules: FlashSaleRules });

export interface CartLine {
  readonly sku: string;
  readonly productId: string;
  readonly categoryId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
}

export interface PricingContext {
  readonly now: Date;
  readonly memberTier?: MemberTier;
  readonly couponCodes: readonly string[];
  /** Units per sku granted at the flash price by the atomic quota check. */
  readonly flashSaleGranted?: Readonly<Record<string, number>>;
}

export interface PricedLine {
  readonly sku: string;
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discount: number;
  readonly lineTotal: number;
  /** Set on the units sold at a flash price; unitPrice is then the flash price. */
  readonly flashSalePromotionId?: string;
}

export interface LineDiscount {
  readonly sku: string;
  readonly discount: number;
}

export interface AppliedPromotion {
  readonly promotionId: string;
  readonly name: string;
  readonly kind: PromotionKind;
  readonly discount: number;
  readonly lines: readonly LineDiscount[];
  readonly explanation: string;
}

export interface Gift {
  readonly sku: string;
  readonly quantity: number;
}

export interface PricedCart {
  readonly lines: readonly PricedLine[];
  readonly appliedPromotions: readonly AppliedPromotion[];
  readonly gifts: readonly Gift[];
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly total: number;
  readonly explanations: readonly string[];
}

/** Whether the promotion may apply to this customer and cart at `context.now`. */
export function isEligible(promotion: Promotion, context: PricingContext): boolean {
  const now = context.now.getTime();
  if (now < promotion.startsAt.getTime() || now >= promotion.endsAt.getTime()) return false;
  const tiers = promotion.memberTiers;
  if (tiers && tiers.length > 0) {
    if (!context.memberTier || !tiers.includes(context.memberTier)) return false;
  }
  if (promotion.couponCode !== undefined && !context.couponCodes.includes(promotion.couponCode)) {
    return false;
  }
  return true;
}

/** Whether a promotion's target covers a line. */
export function targets(target: PromotionTarget, line: Pick<CartLine, 'sku' | 'categoryId'>) {
  return (
    target.all === true ||
    (target.skus?.includes(line.sku) ?? false) ||
    (target.categoryIds?.includes(line.categoryId) ?? false)
  );
}

// A cart line as the engine works on it: possibly the flash-priced or list-priced part of one.
interface WorkLine {
  readonly line: CartLine;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly gross: number;
  readonly flashSalePromotionId?: string;
}

// Discounts taken so far per work line, kept apart because the threshold base excludes
// order-level discounts.
interface Ledger {
  readonly item: readonly number[];
  readonly order: readonly number[];
}

interface Application {
  readonly promotion: Promotion;
  readonly perLine: readonly number[];
  readonly discount: number;
  readonly rule: string; // the rule as it applied, for the explanation
}

type Level = 'item' | 'order';

const KIND_ORDER: Record<PromotionKind, number> = {
  FLASH_SALE: 0,
  PERCENT_OFF: 1,
  AMOUNT_OFF: 2,
  THRESHOLD_OFF: 3,
  GIFT: 4,
};

const byStackOrder = (a: Promotion, b: Promotion): number =>
  KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareText(a.id, b.id);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const left = (lines: readonly WorkLine[], ledger: Ledger, i: number): number =>
  lines[i].gross - ledger.item[i] - ledger.order[i];

/** Prices a cart: see the comment block at the top of this file for every rule. */
export function priceCart(
  cartLines: readonly CartLine[],
  promotions: readonly Promotion[],
  context: PricingContext,
): PricedCart {
  validateLines(cartLines);
  const eligible = promotions.filter((p) => isEligible(p, context));

  // Work in sku order so that neither tie-breaks nor output depend on the cart's line order.
  const sorted = [...cartLines].sort((a, b) => compareText(a.sku, b.sku));
  const flash = applyFlashSales(sorted, eligible, context);
  const lines = flash.lines;

  let ledger: Ledger = { item: lines.map(() => 0), order: lines.map(() => 0) };
  const applications: Application[] = [];
  const stages: readonly { kinds: readonly PromotionKind[]; coupon: boolean; level: Level }[] = [
    { kinds: ['PERCENT_OFF', 'AMOUNT_OFF'], coupon: false, level: 'item' },
    { kinds: ['THRESHOLD_OFF'], coupon: false, level: 'order' },
    { kinds: ['PERCENT_OFF', 'AMOUNT_OFF'], coupon: true, level: 'item' },
    { kinds: ['THRESHOLD_OFF'], coupon: true, level: 'order' },
  ];
  for (const stage of stages) {
    const candidates = eligible.filter(
      (p) => stage.kinds.includes(p.kind) && (p.couponCode !== undefined) === stage.coupon,
    );
    const outcome = runLevel(candidates, lines, ledger, stage.level);
    ledger = outcome.ledger;
    applications.push(...outcome.applied);
  }

  const gifts = collectGifts(eligible, sorted);

  const pricedSorted = lines.map((work, i): PricedLine => {
    const discount = ledger.item[i] + ledger.order[i];
    return {
      sku: work.line.sku,
      productId: work.line.productId,
      name: work.line.name,
      quantity: work.quantity,
      unitPrice: work.unitPrice,
      discount,
      lineTotal: work.gross - discount,
      ...(work.flashSalePromotionId ? { flashSalePromotionId: work.flashSalePromotionId } : {}),
    };
  });
  // Back to the cart's own line order; a split line keeps its flash part first.
  const position = new Map(cartLines.map((line, index) => [line.sku, index]));
  const pricedLines = pricedSorted
    .map((line, index) => ({ line, index }))
    .sort(
      (a, b) =>
        (position.get(a.line.sku) ?? 0) - (position.get(b.line.sku) ?? 0) || a.index - b.index,
    )
    .map(({ line }) => line);

  const appliedPromotions: AppliedPromotion[] = [
    ...flash.applied,
    ...applications.map((a) => describe(a, lines)),
    ...gifts.applied,
  ];
  const subtotal = sumFen(lines.map((l) => l.gross));
  const discountTotal = sumFen(pricedSorted.map((l) => l.discount));
  return {
    lines: pricedLines,
    appliedPromotions,
    gifts: gifts.gifts,
    subtotal,
    discountTotal,
    total: subtotal - discountTotal,
    explanations: appliedPromotions.map((a) => a.explanation),
  };
}

function validateLines(lines: readonly CartLine[]): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.sku)) throw new RangeError(`Cart has sku ${line.sku} on more than one line`);
    seen.add(line.sku);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`Line ${line.sku} needs a whole quantity of at least 1`);
    }
    assertFen(line.unitPrice, `unitPrice of ${line.sku}`);
  }
}

function applyFlashSales(
  lines: readonly CartLine[],
  eligible: readonly Promotion[],
  context: PricingContext,
): { lines: WorkLine[]; applied: AppliedPromotion[] } {
  const work: WorkLine[] = [];
  const applied: AppliedPromotion[] = [];
  for (const line of lines) {
    const offer = eligible
      .flatMap((p) => (p.kind === 'FLASH_SALE' ? [{ p, rules: p.rules }] : []))
      .filter(({ rules }) => rules.sku === line.sku && rules.price < line.unitPrice)
      .sort((a, b) => a.rules.price - b.rules.price || compareText(a.p.id, b.p.id))[0];
    const granted = offer
      ? Math.max(
          0,
          Math.min(
            context.flashSaleGranted?.[line.sku] ?? 0,
            line.quantity,
            offer.rules.quantity,
            offer.rules.perCustomerLimit,
          ),
        )
      : 0;
    if (!offer || granted === 0) {
      work.push({
        line,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        gross: line.quantity * line.unitPrice,
      });
      continue;
    }
    const { price } = offer.rules;
    assertFen(price, `flash price of ${offer.p.id}`);
    work.push({
      line,
      quantity: granted,
      unitPrice: price,
      gross: granted * price,
      flashSalePromotionId: offer.p.id,
    });
    const rest = line.quantity - granted;
    if (rest > 0) {
      work.push({ line, quantity: rest, unitPrice: line.unitPrice, gross: rest * line.unitPrice });
    }
    const saving = (line.unitPrice - price) * granted;
    applied.push({
      promotionId: offer.p.id,
      name: offer.p.name,
      kind: 'FLASH_SALE',
      discount: saving,
      lines: [{ sku: line.sku, discount: saving }],
      explanation:
        `${offer.p.name} (FLASH_SALE): ${granted} × ${line.sku} at ${formatYuan(price)} ` +
        `instead of ${formatYuan(line.unitPrice)}, saving ${formatYuan(saving)}` +
        (rest > 0 ? `; ${rest} more at the list price` : ''),
    });
  }
  return { lines: work, applied };
}

// One level: all stackables in order, or the best single non-stackable, whichever saves more.
function runLevel(
  candidates: readonly Promotion[],
  lines: readonly WorkLine[],
  start: Ledger,
  level: Level,
): { ledger: Ledger; applied: Application[] } {
  const stackables = candidates.filter((p) => p.stackable).sort(byStackOrder);
  const exclusives = candidates.filter((p) => !p.stackable).sort((a, b) => compareText(a.id, b.id));

  const options = [stackables, ...exclusives.map((p) => [p])].map((set) => {
    let ledger = start;
    const applied: Application[] = [];
    for (const promotion of set) {
      const { perLine, rule } = discountPerLine(promotion, lines, ledger);
      const discount = sumFen(perLine);
      if (discount === 0) continue;
      ledger = addTo(ledger, level, perLine);
      applied.push({ promotion, perLine, discount, rule });
    }
    return { ledger, applied, saved: sumFen(applied.map((a) => a.discount)) };
  });
  // Strictly greater wins, so ties keep the earlier option (stackables, then smaller id).
  const best = options.reduce((a, b) => (b.saved > a.saved ? b : a));
  return { ledger: best.ledger, applied: best.applied };
}

function addTo(ledger: Ledger, level: Level, perLine: readonly number[]): Ledger {
  const add = (xs: readonly number[]) => xs.map((x, i) => x + perLine[i]);
  return level === 'item'
    ? { item: add(ledger.item), order: ledger.order }
    : { item: ledger.item, order: add(ledger.order) };
}

function discountPerLine(
  promotion: Promotion,
  lines: readonly WorkLine[],
  ledger: Ledger,
): { perLine: number[]; rule: string } {
  const hit = lines.map((w) => targets(promotion.target, w.line));
  switch (promotion.kind) {
    case 'PERCENT_OFF': {
      const { percent } = promotion.rules;
      const perLine = lines.map((_, i) =>
        hit[i] ? percentOf(left(lines, ledger, i), percent) : 0,
      );
      return { perLine, rule: `${percent} % off, rounded half-up per line` };
    }
    case 'AMOUNT_OFF': {
      const { amount } = promotion.rules;
      assertFen(amount, `amount of ${promotion.id}`);
      const perLine = lines.map((w, i) =>
        hit[i] ? Math.min(amount * w.quantity, left(lines, ledger, i)) : 0,
      );
      return { perLine, rule: `${formatYuan(amount)} off each unit` };
    }
    case 'THRESHOLD_OFF': {
      const idx = lines.flatMap((_, i) => (hit[i] ? [i] : []));
      const base = sumFen(idx.map((i) => lines[i].gross - ledger.item[i]));
      const remaining = idx.map((i) => left(lines, ledger, i));
      const tier = bestTier(promotion.rules.tiers, base);
      const off = Math.min(tier?.off ?? 0, sumFen(remaining));
      const shares = allocateProportionally(off, remaining);
      const perLine = lines.map(() => 0);
      idx.forEach((i, k) => (perLine[i] = shares[k]));
      const rule = tier
        ? `spend ${formatYuan(tier.minSubtotal)} get ${formatYuan(tier.off)} off, ` +
          `reached with ${formatYuan(base)}, shared in proportion to line value`
        : 'no tier reached';
      return { perLine, rule };
    }
    default:
      return { perLine: lines.map(() => 0), rule: promotion.kind };
  }
}

/** The reached tier (minSubtotal <= base) with the largest `off`, if any is reached. */
export function bestTier(tiers: readonly ThresholdTier[], base: number): ThresholdTier | undefined {
  return tiers.reduce<ThresholdTier | undefined>((best, tier) => {
    assertFen(tier.off, 'tier off');
    return tier.minSubtotal <= base && tier.off > (best?.off ?? -1) ? tier : best;
  }, undefined);
}

function collectGifts(
  eligible: readonly Promotion[],
  lines: readonly CartLine[],
): { gifts: Gift[]; applied: AppliedPromotion[] } {
  const totals = new Map<string, number>();
  const applied: AppliedPromotion[] = [];
  const giftPromotions = eligible
    .flatMap((p) => (p.kind === 'GIFT' ? [{ p, rules: p.rules }] : []))
    .sort((a, b) => compareText(a.p.id, b.p.id));
  for (const { p, rules } of giftPromotions) {
    const targeted = lines.filter((line) => targets(p.target, line));
    const quantity = sumFen(targeted.map((line) => line.quantity));
    if (targeted.length === 0 || quantity < rules.minQuantity || rules.giftQuantity < 1) continue;
    totals.set(rules.giftSku, (totals.get(rules.giftSku) ?? 0) + rules.giftQuantity);
    applied.push({
      promotionId: p.id,
      name: p.name,
      kind: 'GIFT',
      discount: 0,
      lines: targeted.map((line) => ({ sku: line.sku, discount: 0 })),
      explanation:
        `${p.name} (GIFT): ${rules.giftQuantity} × ${rules.giftSku} free for ${quantity} ` +
        `qualifying units (${rules.minQuantity} needed) of ${targeted.map((l) => l.sku).join(', ')}`,
    });
  }
  const gifts = [...totals.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([sku, quantity]) => ({ sku, quantity }));
  return { gifts, applied };
}

function describe(application: Application, lines: readonly WorkLine[]): AppliedPromotion {
  const { promotion, perLine, discount, rule } = application;
  // A flash-split sku appears twice in the work lines; report it once.
  const bySku = new Map<string, number>();
  perLine.forEach((amount, i) => {
    if (amount > 0) bySku.set(lines[i].line.sku, (bySku.get(lines[i].line.sku) ?? 0) + amount);
  });
  const affected = [...bySku.entries()].map(([sku, amount]) => ({ sku, discount: amount }));
  const coupon = promotion.couponCode !== undefined ? ` with coupon ${promotion.couponCode}` : '';
  return {
    promotionId: promotion.id,
    name: promotion.name,
    kind: promotion.kind,
    discount,
    lines: affected,
    explanation:
      `${promotion.name} (${promotion.kind}, ${rule}${coupon}): ${formatYuan(discount)} off ` +
      affected.map((a) => `${a.sku} ${formatYuan(a.discount)}`).join(', '),
  };
}
