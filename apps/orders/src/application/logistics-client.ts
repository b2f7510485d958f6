import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { BusinessRuleError, ConflictError, type ShippingAddressV1 } from '@emporium/contracts';
import { REDIS } from '@emporium/platform-redis';
import type { OrdersConfig } from '../config';
import type { DeliveryOption } from '../persistence/order.entity';
import { SingleFlight } from './single-flight';
import { ORDERS_CONFIG } from './tokens';
import type { ServiceClient } from '@emporium/platform-http';
import { callService, serviceClientOf } from './upstream-error';

interface QuoteOption {
  readonly deliveryOption: DeliveryOption;
  readonly price: { readonly amount: number };
}

/** A SKU the warehouses hold too few of to ship, as logistics reports it. */
export interface ShortSku {
  readonly sku: string;
  readonly requested: number;
  readonly available: number;
}

/** Logistics' answer for one option: a price in fen, UNAVAILABLE, or the SKUs too short to ship. */
type Answer = number | readonly ShortSku[];

const KEY = 'orders:shipping:';
const UNAVAILABLE = -1;

/**
 * Shipping prices from logistics (`POST /shipping/quote`), cached briefly in Redis per destination,
 * items and option: checkouts of the same cart to the same city (a flash sale, a quote followed by
 * the order) ask logistics once.
 */
@Injectable()
export class LogisticsClient implements OnApplicationShutdown {
  private readonly questions = new SingleFlight<Answer>();
  private readonly logistics: ServiceClient;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {
    this.logistics = serviceClientOf('logistics', config.ORDERS_LOGISTICS_URL);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.logistics.close();
  }

  /**
   * The shipping price in fen of `option` for these items; 409 `out-of-stock` (with `shortSkus`)
   * when the warehouses hold too few to ship them, 422 when logistics cannot offer the option.
   */
  async shipping(
    destination: ShippingAddressV1,
    items: readonly { sku: string; quantity: number }[],
    option: DeliveryOption,
  ): Promise<number> {
    // The price depends on where the parcels go and what is in them, not on who receives them.
    const where = {
      province: destination.province,
      city: destination.city,
      district: destination.district ?? null,
    };
    const sorted = [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    const key =
      KEY +
      createHash('sha256')
        .update(JSON.stringify([where, sorted, option]))
        .digest('base64url');
    const cached = await this.redis.get(key);
    const price =
      cached !== null ? Number(cached) : await this.askOnce(key, destination, items, option);
    if (typeof price !== 'number') {
      const what = price
        .map((s) => `${s.sku} (${s.available} of ${s.requested} in stock)`)
        .join(', ');
      throw new ConflictError('out-of-stock', `Not enough in stock to ship: ${what}`, {
        shortSkus: price,
      });
    }
    if (price === UNAVAILABLE) {
      throw new BusinessRuleError(
        'delivery-option-unavailable',
        `${option} delivery is not available for these items to this address`,
      );
    }
    return price;
  }

  private askOnce(
    key: string,
    destination: ShippingAddressV1,
    items: readonly { sku: string; quantity: number }[],
    option: DeliveryOption,
  ): Promise<Answer> {
    // A burst of identical carts asks logistics once.
    return this.questions.run(key, async () => {
      const price = await this.ask(destination, items, option);
      // A shortage is not kept: the next restock should sell at once.
      if (typeof price === 'number')
        await this.redis.set(key, price, 'EX', this.config.ORDERS_SHIPPING_QUOTE_CACHE_SECONDS);
      return price;
    });
  }

  private async ask(
    destination: ShippingAddressV1,
    items: readonly { sku: string; quantity: number }[],
    option: DeliveryOption,
  ): Promise<Answer> {
    const { options, shortSkus } = await callService<{
      options: QuoteOption[];
      shortSkus?: ShortSku[];
    }>(this.logistics, 'logistics', '/shipping/quote', {
      method: 'POST',
      body: { destination, items },
    });
    const offered = options.find((o) => o.deliveryOption === option);
    if (offered) return offered.price.amount;
    // Pickup costs the same at every store; whether the chosen store has the goods is the
    // reservation's question (OUT_OF_STOCK), not the quote's. A shipped option missing for want
    // of stock in the warehouses is out of stock, not a delivery problem.
    return option !== 'STORE_PICKUP' && shortSkus?.length ? shortSkus : UNAVAILABLE;
  }
}
