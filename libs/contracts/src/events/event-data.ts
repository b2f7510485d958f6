import type { EventType } from './topics';
import type { CustomerRegisteredV1, UserRolesChangedV1 } from './identity-customer';
import type { CustomerTierChangedV1 } from './orders-member';
import type { BehaviorRecordedV1 } from './analytics-behavior';
import type {
  PriceChangedV1,
  ProductArchivedV1,
  ProductCreatedV1,
  ProductUpdatedV1,
} from './catalog-product';
import type {
  StockAdjustedV1,
  StockCommittedV1,
  StockLowV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
  StockRestockedV1,
} from './logistics-inventory';
import type {
  ShipmentCreatedV1,
  ShipmentDeliveredV1,
  ShipmentStatusChangedV1,
} from './logistics-shipment';
import type {
  ReturnApprovedV1,
  ReturnReceivedV1,
  ReturnRefundedV1,
  ReturnRejectedV1,
  ReturnRequestedV1,
} from './orders-return';
import type {
  OrderAwaitingPaymentV1,
  OrderCancelledV1,
  OrderCompletedV1,
  OrderDeliveredV1,
  OrderFulfillingV1,
  OrderPaidV1,
  OrderPlacedV1,
  OrderReadyForPickupV1,
  OrderShippedV1,
} from './orders-order';
import type {
  PaymentCapturedV1,
  PaymentCreatedV1,
  PaymentFailedV1,
  PaymentFlaggedV1,
  PaymentStatementMismatchV1,
  PaymentRefundedV1,
  PaymentVoidedV1,
} from './payments-payment';
import type { PromotionCreatedV1, PromotionEndedV1, PromotionUpdatedV1 } from './orders-promotion';
import type {
  TicketAssignedV1,
  TicketOpenedV1,
  TicketPriorityChangedV1,
  TicketRatedV1,
  TicketRepliedV1,
  TicketSlaBreachedV1,
  TicketStatusChangedV1,
} from './support-ticket';

/**
 * The `data` type of each event type. A topic's file adds its entries when its producer lands;
 * an event without an entry here is published with its data checked only as a JSON object.
 */
export interface EventDataMap {
  'customer.registered': CustomerRegisteredV1;
  'customer.tier-changed': CustomerTierChangedV1;
  'user.roles-changed': UserRolesChangedV1;
  'behavior.recorded': BehaviorRecordedV1;
  'product.created': ProductCreatedV1;
  'product.updated': ProductUpdatedV1;
  'product.archived': ProductArchivedV1;
  'price.changed': PriceChangedV1;
  'stock.adjusted': StockAdjustedV1;
  'stock.reserved': StockReservedV1;
  'stock.reservation-failed': StockReservationFailedV1;
  'stock.released': StockReleasedV1;
  'stock.committed': StockCommittedV1;
  'stock.restocked': StockRestockedV1;
  'stock.low': StockLowV1;
  'shipment.created': ShipmentCreatedV1;
  'shipment.status-changed': ShipmentStatusChangedV1;
  'shipment.delivered': ShipmentDeliveredV1;
  'order.placed': OrderPlacedV1;
  'order.awaiting-payment': OrderAwaitingPaymentV1;
  'order.paid': OrderPaidV1;
  'order.cancelled': OrderCancelledV1;
  'order.fulfilling': OrderFulfillingV1;
  'order.ready-for-pickup': OrderReadyForPickupV1;
  'order.shipped': OrderShippedV1;
  'order.delivered': OrderDeliveredV1;
  'order.completed': OrderCompletedV1;
  'return.requested': ReturnRequestedV1;
  'return.approved': ReturnApprovedV1;
  'return.rejected': ReturnRejectedV1;
  'return.received': ReturnReceivedV1;
  'return.refunded': ReturnRefundedV1;
  'payment.created': PaymentCreatedV1;
  'payment.captured': PaymentCapturedV1;
  'payment.failed': PaymentFailedV1;
  'payment.refunded': PaymentRefundedV1;
  'payment.voided': PaymentVoidedV1;
  'payment.flagged': PaymentFlaggedV1;
  'payment.statement-mismatch': PaymentStatementMismatchV1;
  'promotion.created': PromotionCreatedV1;
  'promotion.updated': PromotionUpdatedV1;
  'promotion.ended': PromotionEndedV1;
  'ticket.opened': TicketOpenedV1;
  'ticket.replied': TicketRepliedV1;
  'ticket.status-changed': TicketStatusChangedV1;
  'ticket.assigned': TicketAssignedV1;
  'ticket.priority-changed': TicketPriorityChangedV1;
  'ticket.sla-breached': TicketSlaBreachedV1;
  'ticket.rated': TicketRatedV1;
}

/** The `data` of an event type: its contract where one is declared, else a JSON object. */
export type EventData<T extends EventType> = T extends keyof EventDataMap
  ? EventDataMap[T]
  : Readonly<Record<string, unknown>>;
