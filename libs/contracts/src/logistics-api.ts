import type { IsoDateTime, Uuid } from './api-formats';
import type { Money } from './money';
import type { ShippingAddressV1 } from './events/orders-order';
import type {
  AbcClass,
  AbcMeasure,
  CoverageNetwork,
  DeliveryMode,
  DeliveryOption,
  PurchaseOrderStatus,
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
  /** The carton it was packed in (freight is charged by its size), when one holds it. */
  readonly carton?: string;
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

/** `PUT /warehouses/{id}/stock/{sku}`; `location` left out keeps the one set before. */
export interface SetStockRequest {
  readonly onHand: number;
  /** The bin the SKU is kept in, e.g. `A-03-2`: its first segment is the zone. */
  readonly location?: string;
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
  /** The bin the SKU is kept in, when set. */
  readonly location?: string;
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

/** One SKU of a warehouse's slotting (`GET /warehouses/{id}/slotting`). */
export interface SlottingItemView {
  readonly sku: string;
  readonly abcClass: AbcClass;
  /** Order lines picked in the period. */
  readonly picks: number;
  readonly units: number;
  readonly revenue: Money;
  /** This SKU's share of the warehouse's picks (or revenue) in the period, 0–1. */
  readonly share: number;
  /** Units picked per day of the period. */
  readonly velocity: number;
  /** The zone its class belongs in: zone A is nearest the packing station. */
  readonly suggestedZone: string;
  readonly location: string | null;
  readonly currentZone: string | null;
  /** The SKU has a location whose zone is not the suggested one. */
  readonly misplaced: boolean;
}

/** A warehouse's SKUs classed A/B/C over a period, with where each belongs. */
export interface SlottingView {
  readonly warehouseId: Uuid;
  readonly from: IsoDateTime;
  readonly to: IsoDateTime;
  readonly by: AbcMeasure;
  /** The shares that make the A and B classes; C is the rest. */
  readonly cut: { readonly a: number; readonly b: number };
  readonly items: readonly SlottingItemView[];
  readonly nextCursor: null;
  readonly total: number;
}

/** What to order now for one SKU in one warehouse (`GET /replenishment/suggestions`). */
export interface ReplenishmentSuggestionView {
  readonly warehouseId: Uuid;
  readonly sku: string;
  readonly onHand: number;
  readonly available: number;
  /** Units ordered from suppliers or in transfer, not yet received. */
  readonly onOrder: number;
  /** Forecast units per day over the lead time. */
  readonly dailyDemand: number;
  readonly leadTimeDays: number;
  readonly leadTimeDemand: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  readonly suggestedQuantity: number;
  /** The supplier the lead time and minimum order come from, when one sells the SKU. */
  readonly supplierId?: Uuid;
  /** How the demand was forecast. */
  readonly method: string;
  /** When the plan was made (the stock and what is on order are read live). */
  readonly plannedAt: IsoDateTime;
}

/** `GET /replenishment/suggestions`: what to order now, largest shortfall first. */
export interface ReplenishmentSuggestionsView {
  readonly items: readonly ReplenishmentSuggestionView[];
  readonly nextCursor: string | null;
  readonly total: number;
}

/** `POST /suppliers`: who sells which SKUs, how fast and from what quantity. */
export interface CreateSupplierRequest {
  readonly name: string;
  /** Days from ordering to the units on the shelf. */
  readonly leadTimeDays: number;
  /** The smallest order, in units per SKU. */
  readonly minOrderQuantity: number;
  readonly skus: readonly string[];
}

/** A supplier (`GET /suppliers`). */
export interface SupplierView extends CreateSupplierRequest {
  readonly id: Uuid;
}

/** Units of one SKU on a purchase order or a receipt. */
export interface PurchaseLineRequest {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * `POST /purchase-orders`: a DRAFT for one supplier and warehouse. Without `lines`, the current
 * replenishment suggestions of that warehouse for the SKUs the supplier sells.
 */
export interface CreatePurchaseOrderRequest {
  readonly supplierId: Uuid;
  readonly warehouseId: Uuid;
  readonly lines?: readonly PurchaseLineRequest[];
}

/** `POST /purchase-orders/{id}/receipts`: what arrived, all or part of what is still due. */
export interface ReceivePurchaseOrderRequest {
  readonly lines: readonly PurchaseLineRequest[];
}

/** A purchase order with what has arrived of each line. */
export interface PurchaseOrderView {
  readonly id: Uuid;
  readonly supplierId: Uuid;
  readonly warehouseId: Uuid;
  readonly status: PurchaseOrderStatus;
  readonly lines: readonly {
    readonly sku: string;
    readonly quantity: number;
    readonly receivedQuantity: number;
  }[];
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

/** `POST /transfers`: move units of a SKU between two warehouses. */
export interface CreateTransferRequest {
  readonly sku: string;
  readonly fromWarehouseId: Uuid;
  readonly toWarehouseId: Uuid;
  readonly quantity: number;
}

/** A transfer made: an OUTBOUND and an INBOUND movement, and both stock levels after it. */
export interface TransferView extends CreateTransferRequest {
  readonly id: Uuid;
  readonly at: IsoDateTime;
  readonly levels: readonly StockLevelView[];
}

/** `GET /transfers/suggestions`: where one warehouse is short and another holds too much. */
export interface TransferSuggestionsView {
  readonly items: readonly CreateTransferRequest[];
  readonly nextCursor: null;
  readonly total: number;
}

/** Shares of a province's orders delivered (or promised) within 1, 2 and 3 days, 0–1. */
export interface WithinDaysView {
  readonly within1Day: number;
  readonly within2Days: number;
  readonly within3Days: number;
}

/** How a network serves one province over a period. */
export interface ProvinceCoverageView {
  readonly province: string;
  /** The warehouse nearest its capital, which its orders ship from (a proposed one's code). */
  readonly warehouse: string | null;
  /** Days each shipped option promises its capital; null where no carrier keeps the promise. */
  readonly promisedDays: {
    readonly STANDARD: number | null;
    readonly EXPRESS: number | null;
    readonly SAME_DAY: number | null;
  };
  /** The period's orders to it, replayed on the network: carriers' promised days and freight. */
  readonly orders: number;
  readonly promised: WithinDaysView;
  readonly freightPerOrder: Money;
  /** Orders no carrier could take from this network. */
  readonly unserved: number;
  /** What really happened (`GET` only): its orders' parcels as delivered and as paid for. */
  readonly actual?: WithinDaysView & {
    readonly orders: number;
    readonly freightPerOrder: Money;
  };
}

/** `GET /logistics/coverage` and `POST /logistics/coverage/simulate`. */
export interface CoverageView {
  readonly from: IsoDateTime;
  readonly to: IsoDateTime;
  readonly network: CoverageNetwork;
  readonly provinces: readonly ProvinceCoverageView[];
  /** When this answer was computed: it is kept for `LOGISTICS_COVERAGE_MAX_AGE_SECONDS`. */
  readonly computedAt: IsoDateTime;
}

/** A warehouse of a proposed network. */
export interface ProposedWarehouseRequest {
  readonly code: string;
  readonly province: string;
  readonly city: string;
  readonly location: { readonly lat: number; readonly lon: number };
}

/** `POST /logistics/coverage/simulate`: the period's real orders on a proposed network. */
export interface SimulateCoverageRequest {
  readonly from: string;
  readonly to: string;
  readonly warehouses: readonly ProposedWarehouseRequest[];
}
