import { money, type PromotionStateV1 } from '@emporium/contracts';
import type {
  AmountOffRules,
  FlashSaleRules,
  GiftRules,
  PercentOffRules,
  ThresholdOffRules,
} from '../domain/promotions';
import type { PromotionEntity } from '../persistence/promotion.entity';

/** A stored promotion as its `promotion.*` events carry it: fen become Money, times ISO-8601. */
export function toPromotionState(p: PromotionEntity): PromotionStateV1 {
  const common = {
    id: p.id,
    name: p.name,
    status: p.status,
    startsAt: p.startsAt.toISOString(),
    endsAt: p.endsAt.toISOString(),
    target: p.target,
    memberTiers: p.memberTiers,
    couponCode: p.couponCode,
    couponRequired: p.couponCode !== null,
    advertised: p.advertised,
    usageLimit: p.usageLimit,
    perCustomerLimit: p.perCustomerLimit,
    stackable: p.stackable,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
  // The row's kind says which rules it holds (checked when stored).
  switch (p.kind) {
    case 'PERCENT_OFF':
      return { ...common, kind: p.kind, rules: { percent: (p.rules as PercentOffRules).percent } };
    case 'AMOUNT_OFF':
      return {
        ...common,
        kind: p.kind,
        rules: { amount: money((p.rules as AmountOffRules).amount) },
      };
    case 'THRESHOLD_OFF':
      return {
        ...common,
        kind: p.kind,
        rules: {
          tiers: (p.rules as ThresholdOffRules).tiers.map((t) => ({
            minSubtotal: money(t.minSubtotal),
            off: money(t.off),
          })),
        },
      };
    case 'GIFT': {
      const r = p.rules as GiftRules;
      return {
        ...common,
        kind: p.kind,
        rules: { minQuantity: r.minQuantity, giftSku: r.giftSku, giftQuantity: r.giftQuantity },
      };
    }
    case 'FLASH_SALE': {
      const r = p.rules as FlashSaleRules;
      return {
        ...common,
        kind: p.kind,
        rules: {
          sku: r.sku,
          price: money(r.price),
          quantity: r.quantity,
          perCustomerLimit: r.perCustomerLimit,
        },
        flashSold: p.flashSold,
      };
    }
  }
}
