import { PAYMENT_SIMULATIONS, type Money, type PaymentSimulation } from '@emporium/contracts';
import type { PaymentMethod } from '../../domain/payment-status';
import type { StatementLine } from '../../domain/statements';
import type { ProviderEventType, ProviderName } from '../../domain/provider-events';

export type { ProviderName } from '../../domain/provider-events';

/** Every provider name, for routing. */
export const PROVIDER_NAMES: readonly ProviderName[] = ['sandbox', 'alipay', 'wechat'];

/** How the sandbox should behave on confirm (contracts' `PaymentSimulation`). */
export type Simulation = PaymentSimulation;

/** Every simulation, for validation. */
export const SIMULATIONS = PAYMENT_SIMULATIONS;

/**
 * What a provider answers to a confirmation: the outcome, or `PENDING` when it accepted the request
 * and will report the outcome by webhook. `amount` is what the provider says it took; the payment
 * is captured only when it is exactly the payment's amount and currency.
 */
export type ConfirmOutcome =
  | { readonly outcome: 'CAPTURED'; readonly amount: Money }
  /** `tradeClosed`: the provider closed the trade, so no later attempt can succeed. */
  | { readonly outcome: 'DECLINED'; readonly reason: string; readonly tradeClosed?: boolean }
  /** `qrCode`: what the shopper scans to pay at the provider. */
  | { readonly outcome: 'PENDING'; readonly qrCode?: string };

/** The provider has no statement of the day asked for (not produced yet, or none that day). */
export class StatementNotAvailableError extends Error {}

/** A provider's asynchronous report, once its signature has been verified. */
export interface ProviderEvent {
  /** The provider's event id: a delivery with an id seen before is acknowledged and ignored. */
  readonly id: string;
  readonly type: ProviderEventType;
  /** Our reference at the provider (Alipay `out_trade_no`, WeChat `out_trade_no`, a Stripe intent). */
  readonly providerRef: string;
  /** What the provider says it took, when it says. */
  readonly amount?: Money;
  readonly reason?: string;
  /** A failure because the provider closed the trade: no later attempt can succeed. */
  readonly tradeClosed?: boolean;
}

/** Why a webhook delivery was refused or could not be read. */
export type WebhookRejection =
  | { readonly ok: false; readonly problem: 'unauthenticated'; readonly detail: string }
  | { readonly ok: false; readonly problem: 'malformed'; readonly detail: string };

/** A verified, parsed webhook delivery, or why not. */
export type WebhookVerification =
  { readonly ok: true; readonly event: ProviderEvent } | WebhookRejection;

/** The body a provider expects in answer to a notification it delivered (Alipay's `success`). */
export interface WebhookAnswer {
  readonly contentType: string;
  readonly body: string;
}

/**
 * What a payment provider adapter offers. The sandbox implements it in memory; a real adapter
 * (Alipay, WeChat Pay, Stripe) implements it over the provider's API. Every method that may cross
 * the network is called outside a database transaction, and takes our ids as the provider's
 * idempotency keys so a retried call has one effect.
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  /** Our reference for a new payment at the provider; no network call (merchant-side trade number). */
  create(input: {
    readonly paymentId: string;
    readonly method: PaymentMethod;
    readonly amount: Money;
  }): { providerRef: string };
  /** Confirms and captures the payment in one step, or accepts it and reports later by webhook. */
  confirm(input: {
    readonly providerRef: string;
    readonly amount: Money;
    readonly simulate?: Simulation;
  }): Promise<ConfirmOutcome>;
  /** Closes an unpaid payment at the provider. */
  void(input: { readonly providerRef: string }): Promise<void>;
  /** Sends `amount` back; `refundId` is the idempotency key (Alipay `out_request_no`). */
  refund(input: {
    readonly providerRef: string;
    readonly refundId: string;
    readonly amount: Money;
  }): Promise<{
    providerRefundRef: string;
  }>;
  /** The provider's fee on a captured amount, in minor units. */
  fee(method: PaymentMethod, amount: number): number;
  /** Verifies a webhook delivery's signature over the raw bytes and parses its payload. */
  verifyWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | string,
  ): WebhookVerification;
  /** The provider's own acknowledgement of a processed notification; JSON receipt when absent. */
  answerWebhook?(): WebhookAnswer;
  /**
   * Asks the provider how a payment stands, for a notification that is late: taken (`CAPTURED`
   * with the amount), given up (`DECLINED`), or still waiting (`PENDING`).
   */
  lookUp?(providerRef: string): Promise<ConfirmOutcome>;
  /** Downloads the provider's statement of a day (`YYYY-MM-DD`) in its own format. */
  downloadStatement?(date: string): Promise<string>;
  /** Reads a statement in the provider's format into lines, or says why it cannot. */
  readStatement?(content: string): StatementLine[] | string;
  /** Releases its connections on shutdown. */
  close?(): Promise<void>;
}
