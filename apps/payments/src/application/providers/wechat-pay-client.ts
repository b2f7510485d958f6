import { createHash, type KeyObject } from 'node:crypto';
import { WECHAT_PAY_NOTIFICATION_CODES, type Money } from '@emporium/contracts';
import type { ServiceClient } from '@emporium/platform-http';
import { providerFee } from '../../domain/ledger';
import type { PaymentMethod } from '../../domain/payment-status';
import type { StatementLine } from '../../domain/statements';
import {
  StatementNotAvailableError,
  type ConfirmOutcome,
  type PaymentProvider,
  type ProviderName,
  type WebhookAnswer,
  type WebhookVerification,
} from './payment-provider';
import {
  WECHAT_TRADE_STATES,
  authorization,
  decryptResource,
  parseWechatBill,
  platformSignatureProblem,
  wechatNonce,
  type WechatNotification,
  type WechatTransaction,
} from './wechat-pay-protocol';

/** How the WeChat Pay adapter reaches WeChat Pay (or its simulator) and who it is there. */
export interface WechatPaySettings {
  /** Path prefix of the API at the client's origin (`` for https://api.mch.weixin.qq.com). */
  readonly basePath: string;
  readonly http: Pick<ServiceClient, 'send' | 'close'>;
  readonly mchid: string;
  readonly appid: string;
  /** Serial number of the merchant certificate whose key signs our requests. */
  readonly merchantSerial: string;
  readonly privateKey: KeyObject;
  /** The platform certificate's (or WeChat Pay public key's) serial and key: they sign to us. */
  readonly platform: { readonly serial: string; readonly publicKey: KeyObject };
  /** The APIv3 key (32 characters): notification resources are encrypted with it. */
  readonly apiV3Key: string;
  /** Where WeChat Pay posts notifications (`notify_url`), read when a transaction is placed. */
  readonly notifyUrl: () => string;
  readonly feeBps: Readonly<Record<PaymentMethod, number>>;
  readonly now?: () => Date;
}

/** A WeChat Pay answer other than 2xx, with its error code. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`WeChat Pay answered ${status} ${code}: ${detail}`);
  }
}

const PAID: readonly string[] = ['SUCCESS', 'REFUND'];
const GIVEN_UP: readonly string[] = ['CLOSED', 'REVOKED', 'PAYERROR'];
// States no later payment of the same out_trade_no can leave.
const CLOSED: readonly string[] = ['CLOSED', 'REVOKED'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A decrypted or answered transaction, checked field by field. */
function readTransaction(value: unknown): WechatTransaction | undefined {
  if (!isRecord(value) || !isRecord(value.amount)) return undefined;
  const { out_trade_no, trade_state, mchid, appid } = value;
  const { total, currency } = value.amount;
  if (
    typeof out_trade_no !== 'string' ||
    typeof mchid !== 'string' ||
    typeof appid !== 'string' ||
    !WECHAT_TRADE_STATES.includes(trade_state as WechatTransaction['trade_state']) ||
    !Number.isSafeInteger(total) ||
    (total as number) < 0 ||
    typeof currency !== 'string'
  ) {
    return undefined;
  }
  return value as unknown as WechatTransaction;
}

/**
 * WeChat Pay (Native, QR code) over APIv3: JSON requests signed with the merchant key, every
 * answer and notification checked against the platform key, notification resources decrypted
 * with the APIv3 key. Amounts are in fen; `out_refund_no` is a refund's idempotency key.
 */
export class WechatPayClient implements PaymentProvider {
  readonly name: ProviderName = 'wechat';

  constructor(private readonly settings: WechatPaySettings) {}

  /** WeChat Pay takes an `out_trade_no` of 6 to 32 characters: the payment id's 32 hex digits. */
  create(input: { paymentId: string }): { providerRef: string } {
    return { providerRef: input.paymentId.replace(/-/g, '') };
  }

  /**
   * Asks WeChat Pay first how the transaction stands (a notification may be late or lost): paid
   * is captured, closed is declined; otherwise the Native order is placed (again: the same
   * parameters give the same code) and the outcome follows by notification.
   */
  async confirm(input: { providerRef: string; amount: Money }): Promise<ConfirmOutcome> {
    const known = await this.lookUp(input.providerRef);
    if (known.outcome !== 'PENDING') return known;
    const placed = await this.call('POST', '/v3/pay/transactions/native', {
      appid: this.settings.appid,
      mchid: this.settings.mchid,
      description: `Emporium ${input.providerRef}`,
      out_trade_no: input.providerRef,
      notify_url: this.settings.notifyUrl(),
      amount: { total: input.amount.amount, currency: input.amount.currency },
    });
    const codeUrl = isRecord(placed) && typeof placed.code_url === 'string' ? placed.code_url : '';
    return { outcome: 'PENDING', ...(codeUrl ? { qrCode: codeUrl } : {}) };
  }

  async lookUp(providerRef: string): Promise<ConfirmOutcome> {
    const known = await this.query(providerRef);
    if (known && PAID.includes(known.trade_state))
      return {
        outcome: 'CAPTURED',
        amount: { amount: known.amount.total, currency: known.amount.currency },
      };
    if (known && GIVEN_UP.includes(known.trade_state))
      return {
        outcome: 'DECLINED',
        reason: `the WeChat Pay transaction is ${known.trade_state}`,
        tradeClosed: CLOSED.includes(known.trade_state),
      };
    return { outcome: 'PENDING' };
  }

  /** The transaction by our `out_trade_no`, or undefined when WeChat Pay has none. */
  async query(providerRef: string): Promise<WechatTransaction | undefined> {
    try {
      const answer = await this.call(
        'GET',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(providerRef)}?mchid=${encodeURIComponent(this.settings.mchid)}`,
      );
      const transaction = readTransaction(answer);
      if (!transaction) throw new Error(`WeChat Pay: unreadable transaction ${providerRef}`);
      return transaction;
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'ORDER_NOT_EXIST') return undefined;
      throw error;
    }
  }

  /** Closes the transaction; one never placed, already closed or paid needs nothing more here. */
  async void(input: { providerRef: string }): Promise<void> {
    try {
      await this.call(
        'POST',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(input.providerRef)}/close`,
        { mchid: this.settings.mchid },
      );
    } catch (error) {
      // Paid meanwhile: its notification records the late capture and gives the money back.
      const settled = ['ORDER_NOT_EXIST', 'ORDER_CLOSED', 'ORDERPAID'];
      if (error instanceof WechatPayError && settled.includes(error.code)) return;
      throw error;
    }
  }

  /** A domestic refund; WeChat Pay wants the transaction's total beside the amount refunded. */
  async refund(input: {
    providerRef: string;
    refundId: string;
    amount: Money;
  }): Promise<{ providerRefundRef: string }> {
    const transaction = await this.query(input.providerRef);
    if (!transaction) throw new Error(`WeChat Pay has no transaction ${input.providerRef}`);
    const outRefundNo = input.refundId.replace(/-/g, '');
    await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.providerRef,
      out_refund_no: outRefundNo,
      amount: {
        refund: input.amount.amount,
        total: transaction.amount.total,
        currency: input.amount.currency,
      },
    });
    return { providerRefundRef: outRefundNo };
  }

  fee(method: PaymentMethod, amount: number): number {
    return providerFee(amount, this.settings.feeBps[method]);
  }

  /**
   * A notification: its `Wechatpay-*` signature over the raw body checked (within 5 minutes, so an
   * old one replayed is refused), its resource decrypted with the APIv3 key. Its `id` is the
   * event id; a paid transaction reports `amount.total` and `amount.currency`.
   */
  verifyWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | string,
  ): WebhookVerification {
    const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
    const problem = platformSignatureProblem(headers, body, this.settings.platform, this.seconds());
    if (problem)
      return {
        ok: false,
        problem: 'unauthenticated',
        detail: `The WeChat Pay signature is ${problem}`,
      };
    let notification: WechatNotification;
    try {
      notification = JSON.parse(body) as WechatNotification;
    } catch {
      return { ok: false, problem: 'malformed', detail: 'The body is not JSON' };
    }
    if (!isRecord(notification) || typeof notification.id !== 'string' || !notification.id)
      return { ok: false, problem: 'malformed', detail: 'No notification id' };
    if (!isRecord(notification.resource))
      return { ok: false, problem: 'malformed', detail: 'No resource' };
    const plaintext = decryptResource(notification.resource, this.settings.apiV3Key);
    if (plaintext === undefined)
      return {
        ok: false,
        problem: 'unauthenticated',
        detail: 'The resource does not decrypt under the APIv3 key',
      };
    let transaction: WechatTransaction | undefined;
    try {
      transaction = readTransaction(JSON.parse(plaintext));
    } catch {
      transaction = undefined;
    }
    if (!transaction) return { ok: false, problem: 'malformed', detail: 'Not a transaction' };
    if (transaction.mchid !== this.settings.mchid || transaction.appid !== this.settings.appid)
      return { ok: false, problem: 'unauthenticated', detail: 'Another merchant or application' };
    const { id } = notification;
    const providerRef = transaction.out_trade_no;
    if (PAID.includes(transaction.trade_state))
      return {
        ok: true,
        event: {
          id,
          type: 'payment.succeeded',
          providerRef,
          amount: { amount: transaction.amount.total, currency: transaction.amount.currency },
        },
      };
    if (GIVEN_UP.includes(transaction.trade_state))
      return {
        ok: true,
        event: {
          id,
          type: 'payment.failed',
          providerRef,
          reason: `the WeChat Pay transaction is ${transaction.trade_state}`,
          tradeClosed: CLOSED.includes(transaction.trade_state),
        },
      };
    return { ok: false, problem: 'malformed', detail: `No outcome in ${transaction.trade_state}` };
  }

  /**
   * The trade statement (交易账单, `bill_type=ALL`) of `date`: its download address and SHA1 from
   * `GET /v3/bill/tradebill`, then the file itself, which must have that hash.
   */
  async downloadStatement(date: string): Promise<string> {
    const bill = await this.call(
      'GET',
      `/v3/bill/tradebill?bill_date=${encodeURIComponent(date)}&bill_type=ALL`,
    ).catch((error: unknown) => {
      if (error instanceof WechatPayError && error.code === 'NO_STATEMENT_EXIST')
        throw new StatementNotAvailableError(`WeChat Pay has no statement of ${date}`);
      throw error;
    });
    const { download_url: url, hash_value: hash } = (isRecord(bill) ? bill : {}) as {
      download_url?: unknown;
      hash_value?: unknown;
    };
    if (typeof url !== 'string' || typeof hash !== 'string')
      throw new StatementNotAvailableError(`WeChat Pay gave no statement for ${date}`);
    const target = new URL(url);
    const text = await this.send('GET', `${target.pathname}${target.search}`, undefined, false);
    if (createHash('sha1').update(text, 'utf8').digest('hex') !== hash.toLowerCase())
      throw new Error(`WeChat Pay: the statement of ${date} does not match its hash`);
    return text;
  }

  /** Reads WeChat Pay's trade statement into lines (fen; `out_refund_no` names a refund). */
  readStatement(content: string): StatementLine[] | string {
    const lines = parseWechatBill(content);
    if (typeof lines === 'string') return lines;
    return lines.map((l) => ({
      kind: l.type,
      providerRef: l.outTradeNo,
      ...(l.outRefundNo ? { refundRef: l.outRefundNo } : {}),
      amount: l.fen,
      fee: l.feeFen,
    }));
  }

  /** WeChat Pay stops repeating a notification once answered 2xx `{"code":"SUCCESS"}`. */
  answerWebhook(): WebhookAnswer {
    return {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ code: WECHAT_PAY_NOTIFICATION_CODES[0] }),
    };
  }

  close(): Promise<void> {
    return this.settings.http.close();
  }

  private seconds(): number {
    return Math.floor((this.settings.now?.() ?? new Date()).getTime() / 1000);
  }

  /** One signed call; a 2xx answer must carry the platform's valid signature. */
  private async call(method: string, path: string, json?: unknown): Promise<unknown> {
    const text = await this.send(method, `${this.settings.basePath}${path}`, json);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  /**
   * One signed request (`pathAndQuery` as sent); answers the body of a 2xx, checked against the
   * platform's signature unless `signed` is false (statement files come unsigned, with a hash).
   */
  private async send(
    method: string,
    pathAndQuery: string,
    json?: unknown,
    signed = true,
  ): Promise<string> {
    const { http, mchid, merchantSerial, privateKey, platform } = this.settings;
    const body = json === undefined ? '' : JSON.stringify(json);
    const res = await http.send({
      method,
      path: pathAndQuery,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        'user-agent': 'emporium-payments',
        authorization: authorization({
          mchid,
          serialNo: merchantSerial,
          privateKey,
          method,
          pathAndQuery,
          body,
          timestamp: String(this.seconds()),
          nonce: wechatNonce(),
        }),
      },
      body: body || undefined,
      failOnServerError: true,
    });
    const text = res.body.toString('utf8');
    if (res.status < 200 || res.status > 299) {
      let error: { code?: unknown; message?: unknown } = {};
      try {
        error = JSON.parse(text) as typeof error;
      } catch {
        // the status says enough
      }
      throw new WechatPayError(
        res.status,
        String(error.code ?? 'HTTP'),
        String(error.message ?? ''),
      );
    }
    const problem = signed
      ? platformSignatureProblem(res.headers, text, platform, this.seconds())
      : undefined;
    if (problem)
      throw new Error(`WeChat Pay ${method} ${pathAndQuery}: the answer's signature is ${problem}`);
    return text;
  }
}
