import { Inject, Injectable } from '@nestjs/common';
import { BusinessRuleError, type ShippingAddressV1 } from '@emporium/contracts';
import type { OrdersConfig } from '../config';
import type { DeliveryOption } from '../persistence/order.entity';
import { ORDERS_CONFIG } from './tokens';
import { callService } from './upstream-error';

interface QuoteOption {
  readonly deliveryOption: DeliveryOption;
  readonly price: { readonly amount: number };
}

/** Shipping prices from logistics (`POST /shipping/quote`). */
@Injectable()
export class LogisticsClient {
  constructor(@Inject(ORDERS_CONFIG) private readonly config: OrdersConfig) {}

  /** The shipping price in fen of `option` for these items, or 422 when logistics cannot offer it. */
  async shipping(
    destination: ShippingAddressV1,
    items: readonly { sku: string; quantity: number }[],
    option: DeliveryOption,
  ): Promise<number> {
    const { options } = await callService<{ options: QuoteOption[] }>(
      'logistics',
      `${this.config.ORDERS_LOGISTICS_URL}/shipping/quote`,
      { method: 'POST', body: { destination, items } },
    );
    // Pickup costs the same at every store; whether the chosen store has the goods is the
    // reservation's question (OUT_OF_STOCK), not the quote's.
    const offered = options.find((o) => o.deliveryOption === option);
    if (!offered) {
      throw new BusinessRuleError(
        'delivery-option-unavailable',
        `${option} delivery is not available for these items to this address`,
      );
    }
    return offered.price.amount;
  }
}
