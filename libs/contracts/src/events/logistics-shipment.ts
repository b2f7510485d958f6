import type { ShipmentKind } from '../api-values';

/** Why a shipment exists: to the customer, or back from them. */
export type ShipmentKindV1 = ShipmentKind;

/** `shipment.created` v1: a parcel leaves one warehouse for one order. */
export interface ShipmentCreatedV1 {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly kind: ShipmentKindV1;
  readonly warehouseId: string;
  readonly mode: 'OWN_FLEET' | 'THIRD_PARTY' | 'CROWDSOURCED' | 'PICKUP';
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  /** Freight cost to the retailer, in fen. */
  readonly costAmount: number;
}

/** `shipment.status-changed` v1: a tracking event moved the shipment on. */
export interface ShipmentStatusChangedV1 {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly kind: ShipmentKindV1;
  readonly from: string;
  readonly to: string;
  readonly at: string;
  readonly location?: string;
  /** With `to: READY_FOR_PICKUP`: when the store stops holding the goods (never the pickup code). */
  readonly collectBy?: string;
}

/** `shipment.delivered` v1: the parcel reached the customer (OUTBOUND) or the warehouse (RETURN). */
export interface ShipmentDeliveredV1 {
  readonly shipmentId: string;
  readonly orderId: string;
  readonly kind: ShipmentKindV1;
  readonly deliveredAt: string;
}
