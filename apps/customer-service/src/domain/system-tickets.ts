import type { OrderStatus } from '@emporium/contracts';
import type { TicketType } from './ticket';

/** What happened that makes the desk contact the customer before they ask. */
export type SystemCause =
  | {
      readonly kind: 'DELIVERY_FAILED';
      readonly shipmentId: string;
      readonly orderNumber?: string;
      readonly at: string;
      readonly location?: string;
    }
  | {
      readonly kind: 'CAPTURED_AFTER_CANCEL';
      readonly orderId: string;
      readonly orderNumber?: string;
      readonly amount?: number;
    }
  | {
      readonly kind: 'PAYMENT_AMOUNT_MISMATCH';
      readonly paymentId: string;
      readonly orderNumber?: string;
      /** What the payment asks for and what the provider reported taking, in minor units. */
      readonly expected: { readonly amount: number; readonly currency: string };
      readonly reported: { readonly amount: number; readonly currency: string };
      readonly at: string;
    }
  | {
      readonly kind: 'PAYMENT_STATEMENT_MISMATCH';
      readonly paymentId: string;
      readonly orderNumber?: string;
      /** The provider and the day of its statement (对账单), and the line that differs. */
      readonly provider: string;
      readonly date: string;
      readonly mismatch: string;
      readonly reference: string;
      /** What the ledger recorded and what the statement says, in minor units (0: nothing). */
      readonly ours: { readonly amount: number; readonly currency: string };
      readonly theirs: { readonly amount: number; readonly currency: string };
    }
  | {
      readonly kind: 'RETURN_REJECTED';
      readonly returnId: string;
      readonly orderNumber?: string;
      readonly reason?: string;
    };

/** The ticket a cause opens. */
export interface SystemTicketDraft {
  readonly type: TicketType;
  readonly subject: string;
  readonly message: string;
  /** One ticket per key, however often the cause is reported. */
  readonly key: string;
  /** One message per occurrence (a second failed attempt of the same parcel adds a message). */
  readonly occurrenceKey: string;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const amountText = (m: { readonly amount: number; readonly currency: string }) =>
  m.currency === 'CNY' ? yuan(m.amount) : `${(m.amount / 100).toFixed(2)} ${m.currency}`;

/** The system ticket of a cause: type, wording (Chinese first, English after) and dedup keys. */
export function systemTicketFor(cause: SystemCause): SystemTicketDraft {
  const order = cause.orderNumber ? ` ${cause.orderNumber}` : '';
  switch (cause.kind) {
    case 'DELIVERY_FAILED':
      return {
        type: 'ORDER_ISSUE',
        subject: `配送失败 / Delivery attempt failed${order}`,
        message:
          `订单${order}的包裹派送失败${cause.location ? `（${cause.location}）` : ''}，请联系客户确认地址和收货时间。` +
          ` The carrier could not deliver parcel ${cause.shipmentId} at ${cause.at}; confirm the address and a delivery time with the customer.`,
        key: `delivery-failed:${cause.shipmentId}`,
        occurrenceKey: `delivery-failed:${cause.shipmentId}:${cause.at}`,
      };
    case 'CAPTURED_AFTER_CANCEL':
      return {
        type: 'ORDER_ISSUE',
        subject: `已取消订单被扣款 / Payment taken for a cancelled order${order}`,
        message:
          `订单${order}已取消，但仍收到付款${cause.amount !== undefined ? ` ${yuan(cause.amount)}` : ''}，系统已自动全额退款，请告知客户退款进度。` +
          ' Money was captured after the order was cancelled; it is refunded in full automatically. Tell the customer when to expect it.',
        key: `captured-after-cancel:${cause.orderId}`,
        occurrenceKey: `captured-after-cancel:${cause.orderId}`,
      };
    case 'PAYMENT_AMOUNT_MISMATCH': {
      const expected = amountText(cause.expected);
      const reported = amountText(cause.reported);
      return {
        type: 'ORDER_ISSUE',
        subject: `付款金额不符 / Payment amount mismatch${order}`,
        message:
          `订单${order}的支付渠道报告收款 ${reported}，应收 ${expected}。系统未确认收款，订单不会发货；请核实支付渠道记录并联系客户。` +
          ` The payment provider reported taking ${reported} for payment ${cause.paymentId}, which asks for ${expected}.` +
          ' Nothing was captured and nothing ships; check the provider’s records and contact the customer.',
        key: `amount-mismatch:${cause.paymentId}`,
        occurrenceKey: `amount-mismatch:${cause.paymentId}:${cause.at}`,
      };
    }
    case 'PAYMENT_STATEMENT_MISMATCH': {
      const ours = amountText(cause.ours);
      const theirs = amountText(cause.theirs);
      const what = `${cause.provider} ${cause.date} ${cause.mismatch} ${cause.reference}`;
      return {
        type: 'ORDER_ISSUE',
        subject: `对账不符 / Statement mismatch${order}`,
        message:
          `订单${order}的支付渠道对账单（${cause.provider}，${cause.date}）与账本不符：账本 ${ours}，对账单 ${theirs}（${cause.mismatch}，${cause.reference}）。请核实后处理。` +
          ` The provider's statement differs from the ledger for payment ${cause.paymentId} (${what}): ledger ${ours}, statement ${theirs}. Check the provider's records.`,
        // One ticket per difference: each is its own thing to settle.
        key: `statement-mismatch:${cause.provider}:${cause.date}:${cause.mismatch}:${cause.reference}`,
        occurrenceKey: `statement-mismatch:${cause.provider}:${cause.date}:${cause.mismatch}:${cause.reference}`,
      };
    }
    case 'RETURN_REJECTED':
      return {
        type: 'AFTER_SALE',
        subject: `退货申请被拒绝 / Return rejected${order}`,
        message:
          `订单${order}的退货申请被拒绝${cause.reason ? `：${cause.reason}` : ''}。请向客户解释原因并提供其他方案。` +
          ` Return ${cause.returnId} was rejected${cause.reason ? ` (${cause.reason})` : ''}; explain why and offer alternatives.`,
        key: `return-rejected:${cause.returnId}`,
        occurrenceKey: `return-rejected:${cause.returnId}`,
      };
  }
}

/** Order statuses before payment: a cancellation from one of them means no money was due. */
export const UNPAID_ORDER_STATUSES: readonly string[] = [
  'PENDING',
  'AWAITING_PAYMENT',
] satisfies readonly OrderStatus[];
