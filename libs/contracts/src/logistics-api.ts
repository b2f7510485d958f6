import type { IsoDateTime, Uuid } from './api-formats';
import type { Money } from './money';
import type { ShippingAddressV1 } from './events/orders-order';
import type {
  DeliveryMode,
  DeliveryOption,
  ShipmentKind,
  ShipmentStatus,
  WarehouseKind,
} from './api-values';

/** One step of a shipment's tracking. */
export interface ShipmentEventView {
  readonly status: ShipmentStatus;
  readonly at: IsoDateTime;
  readonly location?: string;
  readonly note?: string;
}

/**
 * A store pickup's state: when it must be collected by, whether wrong codes locked it, and the
 * code itself only for the customer whose order it is.
 */
export interface PickupView {
  readonly storeId: Uuid;
  readonly collectBy?: string;
  readonly attemptsLeft?: number;
  readonly locked?: boolean;
  readonly code?: string;
}

/** API.md's Shipment. */
export interface ShipmentView {
  readonly id: Uuid;
  readonly orderId: Uuid;
  readonly kind: ShipmentKind;
  readonly status: ShipmentStatus;
  readonly mode: DeliveryMode;
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly warehouseId: Uuid;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  readonly cost: Money;
  /** Why this mode and carrier were chosen. */
  readonly reason: string;
  readonly events: readonly ShipmentEventView[];
  readonly pickup?: PickupView;
}

/** A warehouse or store (`GET /warehouses`). */
export interface WarehouseView {
  readonly id: Uuid;
  readonly code: string;
  readonly name: string;
  readonly kind: WarehouseKind;
  readonly address: ShippingAddressV1;
  readonly location: { readonly lat: number; readonly lon: number };
}

/** `POST /warehouses`. */
export interface CreateWarehouseRequest {
  readonly code: string;
  readonly name: string;
  readonly kind: WarehouseKind;
  readonly address: ShippingAddressV1;
  readonly location: { readonly lat: number; readonly lon: number };
}

/** `PUT /warehouses/{id}/stock/{sku}`. */
export interface SetStockRequest {
  readonly onHand: number;
}

/** `POST /shipping/quote`. */
export interface ShippingQuoteRequest {
  readonly destination: ShippingAddressV1;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
}

/** `POST /shipments/{id}/events`. */
export interface TrackingEventRequest {
  readonly status: ShipmentStatus;
  readonly location?: string;
  readonly note?: string;
}

/** `POST /shipments/{id}/pickup`: the code the customer shows at the counter. */
export interface PickupRequest {
  readonly code: string;
}

/** A warehouse's stock of one SKU (`PUT /warehouses/{id}/stock/{sku}`). */
export interface StockLevelView {
  readonly warehouseId: Uuid;
  readonly sku: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** A SKU's stock over every warehouse (`GET /inventory/{sku}`). */
export interface InventoryView {
  readonly sku: string;
  readonly available: number;
  readonly warehouses: readonly Omit<StockLevelView, 'sku'>[];
}

/** One way to deliver a quote's items. */
export interface ShippingOptionView {
  readonly deliveryOption: DeliveryOption;
  readonly mode: DeliveryMode;
  readonly carrier: string;
  readonly price: Money;
  readonly etaDays: number;
  /** The store a `STORE_PICKUP` option is collected at. */
  readonly pickupStoreId?: Uuid;
}

/** `POST /shipping/quote`'s answer; `shortSkus` when no warehouse holds enough. */
export interface ShippingQuoteView {
  readonly options: readonly ShippingOptionView[];
  readonly shortSkus?: readonly {
    readonly sku: string;
    readonly requested: number;
    readonly available: number;
  }[];
}
