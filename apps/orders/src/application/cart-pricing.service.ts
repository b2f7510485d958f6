import { Injectable } from '@nestjs/common';
import type { MemberTier, SkuView } from '@emporium/contracts';
import type { CartContents } from '../domain/cart';
import {
  isEligible,
  priceCart,
  type CartLine,
  type Gift,
  type PricedCart,
  type Promotion,
} from '../domain/promotions';
import { CatalogClient } from './catalog-client';
import { PromotionQuotas } from './promotion-quotas.service';
import { PromotionsService } from './promotions.service';

/** Who is buying, as far as prices care. */
export interface Buyer {
  readonly customerId?: string;
  readonly memberTier?: MemberTier;
}

/** A flash sale's units one order asks for. */
export interface FlashRequest {
  readonly promotionId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** A cart priced now: the engine's result plus what it was priced from. */
export interface CartPricing {
  readonly priced: PricedCart;
  /** Catalog views of the cart's SKUs and its gifts' SKUs. */
  readonly skus: ReadonlyMap<string, SkuView>;
  /** SKUs in the cart that can no longer be bought (unknown or not on sale). */
  readonly unavailable: readonly string[];
  /** Gifts that are in stock (the others are left out). */
  readonly gifts: readonly Gift[];
  /** Coupon codes on the cart that match no usable promotion. */
  readonly unusableCoupons: readonly string[];
  /** Promotions the cart was priced with (for the order's coupon redemptions). */
  readonly promotions: readonly Promotion[];
  /** Flash-price units per line, as the order must be granted them. */
  readonly flash: readonly FlashRequest[];
}

/**
 * Prices carts with the promotions engine from catalog prices and active promotions. Flash-sale
 * prices are shown for the units this customer could still get; placing the order claims them.
 */
@Injectable()
export class CartPricingService {
  constructor(
    private readonly catalog: CatalogClient,
    private readonly promotions: PromotionsService,
    private readonly quotas: PromotionQuotas,
  ) {}

  async price(contents: CartContents, buyer: Buyer, now = new Date()): Promise<CartPricing> {
    const active = await this.promotions.active(now);
    const giftSkus = active.flatMap((p) => (p.kind === 'GIFT' ? [p.rules.giftSku] : []));
    const skus = await this.catalog.skus([...contents.items.map((i) => i.sku), ...giftSkus]);

    const lines: CartLine[] = [];
    const unavailable: string[] = [];
    for (const item of contents.items) {
      const view = skus.get(item.sku);
      if (!view?.sellable) {
        unavailable.push(item.sku);
        continue;
      }
      lines.push({
        sku: item.sku,
        productId: view.productId,
        categoryId: view.categoryId,
        name: view.name,
        quantity: item.quantity,
        unitPrice: view.price.amount,
      });
    }

    const usableCoupons = await this.usableCoupons(contents.couponCodes, active, buyer);
    const context = { now, memberTier: buyer.memberTier, couponCodes: usableCoupons };
    const flashSaleGranted = await this.flashPreview(lines, active, context, buyer);
    const priced = priceCart(lines, active, { ...context, flashSaleGranted });

    const flash = priced.lines.flatMap((l) =>
      l.flashSalePromotionId
        ? [{ promotionId: l.flashSalePromotionId, sku: l.sku, quantity: l.quantity }]
        : [],
    );
    const inCart = new Map(lines.map((l) => [l.sku, l.quantity]));
    const gifts = priced.gifts.filter((g) => {
      const view = skus.get(g.sku);
      return !!view?.sellable && view.available >= g.quantity + (inCart.get(g.sku) ?? 0);
    });
    return {
      priced,
      skus,
      unavailable,
      gifts,
      unusableCoupons: contents.couponCodes.filter((c) => !usableCoupons.includes(c)),
      promotions: active,
      flash,
    };
  }

  /** Codes that belong to an active promotion this customer may still use. */
  private async usableCoupons(
    codes: readonly string[],
    active: readonly Promotion[],
    buyer: Buyer,
  ): Promise<string[]> {
    const usable: string[] = [];
    for (const code of codes) {
      const promotion = active.find((p) => p.couponCode === code);
      if (promotion && (await this.quotas.couponUsable(promotion, buyer.customerId)))
        usable.push(code);
    }
    return usable;
  }

  /** Units per SKU this buyer could still get at the flash price (the best-priced eligible sale). */
  private async flashPreview(
    lines: readonly CartLine[],
    active: readonly Promotion[],
    context: { now: Date; memberTier?: MemberTier; couponCodes: readonly string[] },
    buyer: Buyer,
  ): Promise<Record<string, number>> {
    const granted: Record<string, number> = {};
    for (const line of lines) {
      const sales = active
        .filter(
          (p) => p.kind === 'FLASH_SALE' && p.rules.sku === line.sku && isEligible(p, context),
        )
        .sort((a, b) => flashPrice(a) - flashPrice(b));
      if (sales.length === 0) continue;
      granted[line.sku] = Math.min(
        line.quantity,
        await this.quotas.flashRemaining(sales[0].id, buyer.customerId),
      );
    }
    return granted;
  }
}

function flashPrice(promotion: Promotion): number {
  return promotion.kind === 'FLASH_SALE' ? promotion.rules.price : Number.MAX_SAFE_INTEGER;
}
