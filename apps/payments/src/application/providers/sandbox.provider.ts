import { randomUUID } from 'node:crypto';
import { checkWebhookSignature } from '@emporium/platform-auth';
import type { Money } from '@emporium/contracts';
import { providerFee } from '../../domain/ledger';
import type { PaymentMethod } from '../../domain/payment-status';
import { PROVIDER_EVENT_TYPES, type ProviderEventType } from '../../domain/provider-events';
import type {
  ConfirmOutcome,
  PaymentProvider,
  ProviderEvent,
  ProviderName,
  Simulation,
  WebhookVerification,
} from './payment-provider';
import type { SandboxCallbacks } from './sandbox-callbacks';

/** How a sandbox provider is set up. */
export interface SandboxSettings {
  readonly name: ProviderName;
  /** HMAC secret of its `X-Signature` header. */
  readonly webhookSecret: string;
  /** Fee in basis points per method (60 = 0.6 %). */
  readonly feeBps: Readonly<Record<PaymentMethod, number>>;
  /** The clock, in unix seconds (tests move it). */
  readonly now?: () => number;
  /** Delivers the webhooks of `pending` confirmations; without it they are refused. */
  readonly callbacks?: Pick<SandboxCallbacks, 'schedule'>;
}

const REF_PREFIX: Readonly<Record<ProviderName, string>> = {
  sandbox: 'sbx',
  alipay: 'ali',
  wechat: 'wx',
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isShortString = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 200;

function parseMoney(value: unknown): Money | undefined {
  if (!isRecord(value)) return undefined;
  const { amount, currency } = value;
  if (
    !Number.isSafeInteger(amount) ||
    (amount as number) < 0 ||
    typeof currency !== 'string' ||
    currency.length !== 3
  ) {
    return undefined;
  }
  return { amount: amount as number, currency };
}

/**
 * Parses the sandbox webhook payload:
 * `{ id, type: "payment.succeeded" | "payment.failed", createdAt?, data: { providerRef, amount?, reason? } }`.
 */
export function parseSandboxEvent(body: string): ProviderEvent | string {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return 'the body is not JSON';
  }
  if (!isRecord(payload) || !isRecord(payload.data)) return 'expected { id, type, data }';
  const { id, type, data } = payload as {
    id: unknown;
    type: unknown;
    data: Record<string, unknown>;
  };
  if (!isShortString(id)) return '`id` must be a string of 1 to 200 characters';
  if (!PROVIDER_EVENT_TYPES.includes(type as ProviderEventType)) {
    return `\`type\` must be one of ${PROVIDER_EVENT_TYPES.join(', ')}`;
  }
  if (!isShortString(data.providerRef)) return '`data.providerRef` is required';
  const amount = data.amount === undefined ? undefined : parseMoney(data.amount);
  if (data.amount !== undefined && !amount) return '`data.amount` must be { amount, currency }';
  if (data.reason !== undefined && !isShortString(data.reason))
    return '`data.reason` must be a short string';
  return {
    id,
    type: type as ProviderEventType,
    providerRef: data.providerRef,
    ...(amount ? { amount } : {}),
    ...(data.reason ? { reason: data.reason as string } : {}),
  };
}

/**
 * A provider that behaves like a real one without the network: references like a merchant trade
 * number, a synchronous confirm that succeeds unless asked to decline, an asynchronous one that
 * reports by webhook (`pending`, `pending-decline`), and webhooks signed with
 * `X-Signature: t=<unix>,v1=<hex hmac-sha256 of "t.body">`.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name: ProviderName;

  constructor(private readonly settings: SandboxSettings) {
    this.name = settings.name;
  }

  create(input: { paymentId: string }): { providerRef: string } {
    return { providerRef: `${REF_PREFIX[this.name]}_${input.paymentId.replace(/-/g, '')}` };
  }

  async confirm(input: {
    providerRef: string;
    amount: Money;
    simulate?: Simulation;
  }): Promise<ConfirmOutcome> {
    if (input.simulate === 'pending' || input.simulate === 'pending-decline') {
      await this.callBack(input.providerRef, input.amount, input.simulate === 'pending');
      return { outcome: 'PENDING' };
    }
    if (input.simulate === 'decline')
      return { outcome: 'DECLINED', reason: 'declined by the sandbox issuer' };
    return { outcome: 'CAPTURED', amount: input.amount };
  }

  /** Reports the outcome of an accepted payment later, by webhook, as the customer pays (or not). */
  private async callBack(providerRef: string, amount: Money, succeeds: boolean): Promise<void> {
    const { callbacks } = this.settings;
    if (!callbacks) throw new Error(`The ${this.name} sandbox has no callbacks configured`);
    const event = {
      id: `evt_${REF_PREFIX[this.name]}_${randomUUID().replace(/-/g, '')}`,
      type: succeeds ? 'payment.succeeded' : 'payment.failed',
      createdAt: new Date().toISOString(),
      data: succeeds
        ? { providerRef, amount }
        : { providerRef, reason: 'declined by the sandbox issuer' },
    };
    await callbacks.schedule({
      provider: this.name,
      providerRef,
      eventId: event.id,
      eventType: event.type,
      body: JSON.stringify(event),
    });
  }

  async void(): Promise<void> {
    // Nothing is held for an unconfirmed sandbox payment.
  }

  async refund(input: { refundId: string }): Promise<{ providerRefundRef: string }> {
    return { providerRefundRef: `${REF_PREFIX[this.name]}_rf_${input.refundId.replace(/-/g, '')}` };
  }

  fee(method: PaymentMethod, amount: number): number {
    return providerFee(amount, this.settings.feeBps[method]);
  }

  verifyWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | string,
  ): WebhookVerification {
    const header = headers['x-signature'];
    const now = this.settings.now?.() ?? Math.floor(Date.now() / 1000);
    const problem = checkWebhookSignature(
      typeof header === 'string' ? header : undefined,
      rawBody,
      this.settings.webhookSecret,
      now,
    );
    if (problem)
      return {
        ok: false,
        problem: 'unauthenticated',
        detail: `The webhook signature is ${problem}`,
      };
    const event = parseSandboxEvent(
      typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'),
    );
    if (typeof event === 'string') return { ok: false, problem: 'malformed', detail: event };
    return { ok: true, event };
  }
}
