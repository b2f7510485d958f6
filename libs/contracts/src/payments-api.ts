import type { IsoDateTime, Uuid } from './api-formats';
import type { Money } from './money';
import type {
  AmountMismatchSource,
  AttemptOutcome,
  PaymentFlag,
  PaymentMethod,
  PaymentStatus,
  StatementSource,
} from './api-values';

/**
 * How the sandbox behaves on confirm: capture or decline at once, or accept the request and report
 * the outcome later by webhook (`pending` succeeds, `pending-decline` fails), as Alipay and WeChat
 * Pay do once the customer has been shown a QR code.
 */
export const PAYMENT_SIMULATIONS = ['success', 'decline', 'pending', 'pending-decline'] as const;
/** A sandbox simulation. */
export type PaymentSimulation = (typeof PAYMENT_SIMULATIONS)[number];

/** What the shopper does next to pay at the provider: scan the QR code Alipay or WeChat Pay made. */
export const PAYMENT_NEXT_ACTION_TYPES = ['SCAN_QR_CODE'] as const;
/** A kind of next action. */
export type PaymentNextActionType = (typeof PAYMENT_NEXT_ACTION_TYPES)[number];

/** How to send the shopper to the provider while it waits for them. */
export interface PaymentNextActionView {
  readonly type: PaymentNextActionType;
  /** The code to show as a QR code (Alipay `qr_code`, WeChat Pay `code_url`). */
  readonly qrCode: string;
}

/** A refund as the API shows it. */
export interface RefundView {
  readonly id: Uuid;
  readonly paymentId: Uuid;
  readonly amount: Money;
  readonly reason: string;
  readonly at: IsoDateTime;
  readonly returnId?: Uuid;
}

/** One attempt to take the money. */
export interface PaymentAttemptView {
  readonly at: IsoDateTime;
  readonly outcome: AttemptOutcome;
  readonly reason?: string;
}

/** A provider's report of another amount or currency than the payment's: recorded, not captured. */
export interface AmountMismatchView {
  readonly at: IsoDateTime;
  readonly source: AmountMismatchSource;
  readonly providerEventId?: string;
  readonly expected: Money;
  readonly reported: Money;
}

/** API.md's Payment. */
export interface PaymentView {
  readonly id: Uuid;
  readonly orderId: Uuid;
  readonly orderNumber: string;
  readonly customerId: Uuid;
  readonly method: PaymentMethod;
  readonly status: PaymentStatus;
  readonly amount: Money;
  readonly capturedAmount: Money;
  readonly refundedTotal: Money;
  readonly attempts: readonly PaymentAttemptView[];
  readonly refunds: readonly RefundView[];
  readonly createdAt: IsoDateTime;
  readonly dueAt: IsoDateTime | null;
  readonly capturedAt: IsoDateTime | null;
  readonly closedReason?: string;
  /** The latest of `flags`. */
  readonly flag?: string;
  readonly flags: readonly PaymentFlag[];
  readonly amountMismatches?: readonly AmountMismatchView[];
  /** While the provider waits for the shopper (after a confirmation answered pending). */
  readonly nextAction?: PaymentNextActionView;
}

/** `POST /payments/{id}/confirm`. */
export interface ConfirmPaymentRequest {
  readonly simulate?: PaymentSimulation;
}

/** `POST /payments/{id}/refunds`. */
export interface CreateRefundRequest {
  readonly amount: Money;
  readonly reason: string;
}

/** Providers that publish daily statements (对账单). */
export const STATEMENT_PROVIDERS = ['alipay', 'wechat'] as const;
/** A provider with statements. */
export type StatementProvider = (typeof STATEMENT_PROVIDERS)[number];

/** `POST /payments/statements`: a provider's statement of a day, uploaded or fetched from it. */
export interface ImportStatementRequest {
  readonly provider: StatementProvider;
  /** The statement's business day (China time), `YYYY-MM-DD`. */
  readonly date: string;
  /** The statement file as the provider writes it (Alipay 账单 CSV, WeChat Pay 交易账单); absent: downloaded from the provider. */
  readonly content?: string;
}

/** A difference between a statement line and the ledger. */
export interface StatementMismatchView {
  readonly provider: string;
  /** `MISSING_IN_LEDGER`, `MISSING_IN_STATEMENT`, `AMOUNT` or `FEE`. */
  readonly kind: string;
  /** `PAYMENT` or `REFUND`. */
  readonly lineKind: string;
  /** `out_trade_no`, or the refund's reference at the provider. */
  readonly reference: string;
  readonly paymentId?: Uuid;
  readonly refundId?: Uuid;
  /** What the ledger recorded (the fee, for `FEE`). */
  readonly ours?: Money;
  /** What the statement says (the fee, for `FEE`). */
  readonly theirs?: Money;
}

/** What an imported statement came to. */
export interface StatementImportView {
  readonly provider: string;
  readonly date: string;
  readonly source: StatementSource;
  readonly lines: number;
  readonly matched: number;
  readonly mismatches: readonly StatementMismatchView[];
  /** Differences not found by an earlier import of the same statement: raised to staff now. */
  readonly newMismatches: number;
}

/** What `POST /webhooks/payments/{provider}` answers a provider. */
export interface ProviderWebhookReceipt {
  readonly received: true;
  readonly eventId: string;
  /** `applied`, `duplicate`, `amount-mismatch` (flagged, not captured), or why it changed nothing. */
  readonly outcome: string;
  readonly paymentStatus?: string;
}
