/** A SKU's stock in one warehouse after a change, plus its total available over all warehouses. */
export interface StockLevelV1 {
  readonly sku: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly reserved: number;
  /** onHand − reserved in this warehouse. */
  readonly available: number;
  /** Sum of `available` over every warehouse holding the SKU. */
  readonly totalAvailable: number;
}

/** `stock.adjusted` v1: a merchant or a count set the on-hand quantity of one SKU in one warehouse. */
export interface StockAdjustedV1 {
  readonly reason?: string;
  readonly levels: readonly StockLevelV1[];
}

/** One order line's allocation to a warehouse. */
export interface StockAllocationV1 {
  readonly sku: string;
  readonly warehouseId: string;
  readonly quantity: number;
}

/** `stock.reserved` v1: every line of an order was allocated and reserved. */
export interface StockReservedV1 {
  readonly orderId: string;
  readonly allocations: readonly StockAllocationV1[];
  readonly levels: readonly StockLevelV1[];
}

/** `stock.reservation-failed` v1: the order could not be reserved; nothing was held. */
export interface StockReservationFailedV1 {
  readonly orderId: string;
  readonly shortSkus: readonly {
    readonly sku: string;
    readonly requested: number;
    readonly available: number;
  }[];
}

/** `stock.released` v1: an order's reservation was given back (cancelled, timed out). */
export type StockReleasedV1 = StockReservedV1;

/** `stock.committed` v1: a paid order's reservation left the shelves (on-hand reduced). */
export type StockCommittedV1 = StockReservedV1;

/** `stock.restocked` v1: returned goods are back on hand. */
export interface StockRestockedV1 {
  readonly orderId?: string;
  readonly returnId?: string;
  /** True on the restock of a return's last parcel: everything the return sent back has arrived. */
  readonly returnComplete?: boolean;
  readonly levels: readonly StockLevelV1[];
}

/**
 * `stock.low` v1: a SKU's available units in one warehouse fell to its reorder point (planned from
 * its sales). Announced once when it crosses; again only after it has been above it.
 */
export interface StockLowV1 {
  readonly level: StockLevelV1;
  readonly reorderPoint: number;
}
