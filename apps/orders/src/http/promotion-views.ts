import { isStaff, type Identity, type PromotionV1 } from '@emporium/contracts';
import { toPromotionState } from '../application/promotion-events';
import type { PromotionEntity } from '../persistence/promotion.entity';

/** A stored promotion in API form: the state its events carry. */
export function toPromotionView(p: PromotionEntity): PromotionV1 {
  return toPromotionState(p);
}

/**
 * A promotion as `viewer` may see it: the coupon code of a promotion that is not advertised is
 * for staff only (merchant, admin, agent), or anyone could harvest and exhaust usage-limited codes.
 */
export function forViewer(view: PromotionV1, viewer?: Identity): PromotionV1 {
  const staff = viewer !== undefined && isStaff(viewer);
  return staff || view.advertised || view.couponCode === null
    ? view
    : { ...view, couponCode: null };
}
