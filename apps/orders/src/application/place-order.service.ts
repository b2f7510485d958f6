import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  ConflictError,
  money,
  type Identity,
  type OrderLineV1,
  type PaymentMethodV1,
  type ShippingAddressV1,
} from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { counter } from '@emporium/platform-observability';
import { transaction } from '@emporium/platform-persistence';
import { checkLineQuantity } from '../domain/cart';
import { formatYuan } from '../domain/money';
import { orderNumber } from '../domain/order-number';
import { OrderLineEntity } from '../persistence/order-line.entity';
import { OrderEntity, type DeliveryOption } from '../persistence/order.entity';
import { nextOrderSequence } from '../persistence/order.queries';
import { CartPricingService, type CartPricing } from './cart-pricing.service';
import { CartService } from './cart.service';
import { LogisticsClient } from './logistics-client';
import { PromotionQuotas } from './promotion-quotas.service';

/** What the customer chooses at checkout. */
export interface CheckoutInput {
  readonly shippingAddress: ShippingAddressV1;
  readonly deliveryOption: DeliveryOption;
  readonly pickupStoreId?: string;
}

/** `POST /orders`'s input. */
export interface PlaceOrderInput extends CheckoutInput {
  readonly paymentMethod: PaymentMethodV1;
  readonly sessionId?: string;
  /** The total the customer agreed to, when the client sends it. */
  readonly expectedTotal?: { readonly amount: number };
}

/** A checkout priced: the cart's pricing plus shipping, in fen. */
export interface CheckoutQuote {
  readonly pricing: CartPricing;
  readonly couponCodes: readonly string[];
  readonly shipping: number;
  readonly total: number;
}

const ordersPlaced = counter('emporium_orders_placed_total', 'Orders placed');

/**
 * Checkout: quotes and places orders from the customer's cart. Placing claims flash-sale units
 * (Redis gate) before the transaction, then writes the order, its lines, coupon and flash
 * redemptions (Postgres, the authority) and `order.placed` in one transaction; the cart is emptied
 * after the commit. A failure gives the claimed flash units back.
 */
@Injectable()
export class PlaceOrderService {
  constructor(
    private readonly db: DataSource,
    private readonly carts: CartService,
    private readonly pricing: CartPricingService,
    private readonly logistics: LogisticsClient,
    private readonly quotas: PromotionQuotas,
  ) {}

  async quote(customer: Identity, input: CheckoutInput): Promise<CheckoutQuote> {
    const { pricing, couponCodes } = await this.priceCart(customer);
    const shipping = await this.logistics.shipping(
      input.shippingAddress,
      shippedItems(pricing),
      input.deliveryOption,
    );
    return { pricing, couponCodes, shipping, total: pricing.priced.total + shipping };
  }

  /** Places the order; a retry with the same Idempotency-Key finds the order placed before. */
  async place(
    customer: Identity,
    input: PlaceOrderInput,
    idempotencyKey: string,
  ): Promise<OrderEntity> {
    const earlier = await this.db
      .getRepository(OrderEntity)
      .findOneBy({ customerId: customer.userId, idempotencyKey });
    if (earlier) return earlier;
    if (input.deliveryOption === 'STORE_PICKUP' && !input.pickupStoreId) {
      throw new BusinessRuleError('pickup-store-required', 'STORE_PICKUP needs a pickupStoreId');
    }
    const { pricing, shipping, total } = await this.quote(customer, input);
    if (input.expectedTotal && input.expectedTotal.amount !== total) {
      throw new ConflictError(
        'price-changed',
        `The total is now ${formatYuan(total)}, not ${formatYuan(input.expectedTotal.amount)}; review the cart and confirm again`,
      );
    }
    const grant = await this.quotas.grantFlash(customer.userId, pricing.flash);
    try {
      for (const want of pricing.flash) {
        if ((grant.granted[want.sku] ?? 0) < want.quantity) {
          throw new ConflictError(
            'flash-sale-sold-out',
            `The flash sale of ${want.sku} has no units left for you; the cart shows the price now`,
          );
        }
      }
      const order = await transaction(this.db, (tx) =>
        this.write(tx, customer, input, idempotencyKey, pricing, shipping),
      );
      ordersPlaced.inc();
      await this.carts.clear(customer.userId);
      return order;
    } catch (error) {
      await grant.release();
      throw error;
    }
  }

  private async priceCart(
    customer: Identity,
  ): Promise<{ pricing: CartPricing; couponCodes: readonly string[] }> {
    const contents = await this.carts.contentsOf(customer.userId);
    if (contents.items.length === 0) throw new BusinessRuleError('cart-empty', 'The cart is empty');
    const pricing = await this.pricing.price(contents, {
      customerId: customer.userId,
      memberTier: customer.memberTier,
    });
    if (pricing.unavailable.length > 0) {
      throw new ConflictError(
        'item-unavailable',
        `No longer on sale: ${pricing.unavailable.join(', ')}`,
      );
    }
    if (pricing.unusableCoupons.length > 0) {
      throw new BusinessRuleError(
        'coupon-not-applicable',
        `Coupon(s) no longer usable: ${pricing.unusableCoupons.join(', ')}`,
      );
    }
    for (const item of contents.items) {
      checkLineQuantity(item.sku, item.quantity, pricing.skus.get(item.sku)!.available);
    }
    return { pricing, couponCodes: contents.couponCodes };
  }

  private async write(
    tx: EntityManager,
    customer: Identity,
    input: PlaceOrderInput,
    idempotencyKey: string,
    pricing: CartPricing,
    shipping: number,
  ): Promise<OrderEntity> {
    const { priced } = pricing;
    const id = randomUUID();
    const now = new Date();
    const sequence = await nextOrderSequence(tx);
    const couponPromotionIds = priced.appliedPromotions
      .filter((a) =>
        pricing.promotions.some((p) => p.id === a.promotionId && p.couponCode !== undefined),
      )
      .map((a) => a.promotionId);
    const order = tx.create(OrderEntity, {
      id,
      number: orderNumber(now, sequence),
      customerId: customer.userId,
      status: 'PENDING',
      memberTier: customer.memberTier ?? 'REGULAR',
      shippingAddress: input.shippingAddress,
      deliveryOption: input.deliveryOption,
      pickupStoreId: input.pickupStoreId ?? null,
      paymentMethod: input.paymentMethod,
      sessionId: input.sessionId ?? null,
      subtotalAmount: priced.subtotal,
      discountAmount: priced.discountTotal,
      shippingAmount: shipping,
      totalAmount: priced.total + shipping,
      appliedPromotions: priced.appliedPromotions.map((a) => ({
        promotionId: a.promotionId,
        name: a.name,
        kind: a.kind,
        discount: a.discount,
        explanation: a.explanation,
      })),
      couponCodes: [
        ...new Set(
          pricing.promotions
            .filter((p) => couponPromotionIds.includes(p.id))
            .map((p) => p.couponCode!),
        ),
      ],
      statusHistory: [{ status: 'PENDING', at: now.toISOString() }],
      idempotencyKey,
      createdAt: now,
    });
    // insert, not save: save would first look the new rows up.
    await tx.insert(OrderEntity, order);
    const giftLines = pricing.gifts.map((g) => {
      const view = pricing.skus.get(g.sku)!;
      const free = { sku: g.sku, productId: view.productId, name: view.name, quantity: g.quantity };
      return {
        ...free,
        unitPrice: 0,
        discount: 0,
        lineTotal: 0,
        flashSalePromotionId: undefined,
        gift: true,
      };
    });
    const lines = [...priced.lines.map((l) => ({ ...l, gift: false })), ...giftLines].map((l, i) =>
      tx.create(OrderLineEntity, {
        orderId: id,
        lineNo: i + 1,
        sku: l.sku,
        productId: l.productId,
        name: l.name,
        quantity: l.quantity,
        unitPriceAmount: l.unitPrice,
        discountAmount: l.discount,
        lineTotalAmount: l.lineTotal,
        weightGrams: pricing.skus.get(l.sku)?.weightGrams ?? 0,
        flashSalePromotionId: l.flashSalePromotionId ?? null,
        gift: l.gift,
      }),
    );
    await tx.insert(OrderLineEntity, lines);
    await this.quotas.commit(tx, {
      orderId: id,
      customerId: customer.userId,
      flash: pricing.flash,
      couponPromotionIds,
    });
    await writeOutbox(tx, {
      type: 'order.placed',
      subject: id,
      correlationId: id,
      data: {
        orderId: id,
        number: order.number,
        customerId: order.customerId,
        memberTier: order.memberTier,
        lines: lines.map((l) => ({ ...lineV1(l), weightGrams: l.weightGrams })),
        shippingAddress: order.shippingAddress,
        deliveryOption: order.deliveryOption,
        ...(order.pickupStoreId ? { pickupStoreId: order.pickupStoreId } : {}),
        totals: {
          subtotal: money(order.subtotalAmount),
          discount: money(order.discountAmount),
          shipping: money(order.shippingAmount),
          total: money(order.totalAmount),
        },
        paymentMethod: order.paymentMethod,
        ...(order.sessionId ? { sessionId: order.sessionId } : {}),
      },
    });
    return order;
  }
}

/** An order line as events carry it. */
export function lineV1(line: OrderLineEntity): OrderLineV1 {
  return {
    sku: line.sku,
    productId: line.productId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: money(line.unitPriceAmount),
    discount: money(line.discountAmount),
    lineTotal: money(line.lineTotalAmount),
  };
}

/** What leaves the warehouse: the cart's lines and its gifts. */
function shippedItems(pricing: CartPricing): { sku: string; quantity: number }[] {
  return [...pricing.priced.lines, ...pricing.gifts].map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
  }));
}
