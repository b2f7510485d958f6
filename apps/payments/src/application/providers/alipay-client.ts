import type { KeyObject } from 'node:crypto';
import { ALIPAY_NOTIFICATION_ANSWERS, type Money } from '@emporium/contracts';
import type { ServiceClient } from '@emporium/platform-http';
import { providerFee } from '../../domain/ledger';
import type { PaymentMethod } from '../../domain/payment-status';
import type { StatementLine } from '../../domain/statements';
import {
  ALIPAY_SUCCESS_CODE,
  ALIPAY_TRADE_STATUSES,
  alipaySigningContent,
  alipayStatementText,
  alipayTimestamp,
  fenToYuan,
  parseAlipayBill,
  readAlipayAnswer,
  readForm,
  rsa2Verify,
  signAlipayParams,
  yuanToFen,
  type AlipayTradeStatus,
} from './alipay-protocol';
import {
  StatementNotAvailableError,
  type ConfirmOutcome,
  type PaymentProvider,
  type ProviderName,
  type WebhookAnswer,
  type WebhookVerification,
} from './payment-provider';

/** How the Alipay adapter reaches Alipay (or its simulator) and who it is there. */
export interface AlipaySettings {
  /** The gateway, e.g. `https://openapi.alipay.com/gateway.do`; ServiceClient holds its origin. */
  readonly gatewayPath: string;
  readonly http: Pick<ServiceClient, 'send' | 'close'>;
  readonly appId: string;
  /** The merchant application's private key: signs our requests. */
  readonly privateKey: KeyObject;
  /** Alipay's public key: verifies its answers and notifications. */
  readonly alipayPublicKey: KeyObject;
  /** Where Alipay posts notifications (`notify_url`), read when a trade is created. */
  readonly notifyUrl: () => string;
  readonly feeBps: Readonly<Record<PaymentMethod, number>>;
  /** Fetches a statement file from the address Alipay gave (another host than the gateway). */
  readonly download: (url: string) => Promise<Buffer>;
  readonly now?: () => Date;
}

/** An answer of Alipay's that says why a call did not succeed. */
export class AlipayError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    readonly subCode: string | undefined,
    detail: string,
  ) {
    super(`Alipay ${method} answered ${code}${subCode ? ` ${subCode}` : ''}: ${detail}`);
  }
}

const isTradeStatus = (v: string | undefined): v is AlipayTradeStatus =>
  ALIPAY_TRADE_STATUSES.includes(v as AlipayTradeStatus);

/** Alipay names the currency of a trade only when it is not CNY (`trans_currency`). */
const currencyOf = (params: Readonly<Record<string, unknown>>): string =>
  typeof params.trans_currency === 'string' && params.trans_currency !== ''
    ? params.trans_currency
    : 'CNY';

/**
 * Alipay (face-to-face QR, `alipay.trade.precreate`) over its open-platform API: every request a
 * form signed RSA2 with the merchant key, every answer and notification checked against Alipay's
 * public key. `out_trade_no` is our reference, `out_request_no` a refund's idempotency key.
 */
export class AlipayClient implements PaymentProvider {
  readonly name: ProviderName = 'alipay';

  constructor(private readonly settings: AlipaySettings) {}

  create(input: { paymentId: string }): { providerRef: string } {
    return { providerRef: `ali_${input.paymentId.replace(/-/g, '')}` };
  }

  /**
   * Asks Alipay first how the trade stands (a notification may be late or lost): paid is
   * captured, closed is declined; otherwise the trade is (re)created and the shopper pays by QR
   * code, the outcome following by notification.
   */
  async confirm(input: { providerRef: string; amount: Money }): Promise<ConfirmOutcome> {
    const known = await this.lookUp(input.providerRef);
    if (known.outcome !== 'PENDING') return known;
    const created = await this.call(
      'alipay.trade.precreate',
      {
        out_trade_no: input.providerRef,
        total_amount: fenToYuan(input.amount.amount),
        subject: `Emporium ${input.providerRef}`,
        ...(input.amount.currency === 'CNY' ? {} : { trans_currency: input.amount.currency }),
      },
      { notify_url: this.settings.notifyUrl() },
    );
    const qrCode = typeof created.qr_code === 'string' ? created.qr_code : undefined;
    return { outcome: 'PENDING', ...(qrCode ? { qrCode } : {}) };
  }

  async lookUp(providerRef: string): Promise<ConfirmOutcome> {
    const known = await this.query(providerRef);
    if (known?.status === 'TRADE_SUCCESS' || known?.status === 'TRADE_FINISHED')
      return { outcome: 'CAPTURED', amount: known.amount };
    if (known?.status === 'TRADE_CLOSED')
      return { outcome: 'DECLINED', reason: 'the Alipay trade is closed', tradeClosed: true };
    return { outcome: 'PENDING' };
  }

  /** `alipay.trade.query`: the trade's state and amount, or undefined when Alipay has none. */
  async query(
    providerRef: string,
  ): Promise<{ status: AlipayTradeStatus; amount: Money } | undefined> {
    try {
      const r = await this.call('alipay.trade.query', { out_trade_no: providerRef });
      const fen = yuanToFen(r.total_amount as string | undefined);
      const status = r.trade_status as string | undefined;
      if (fen === undefined || !isTradeStatus(status))
        throw new Error(`Alipay trade.query: unreadable answer for ${providerRef}`);
      return { status, amount: { amount: fen, currency: currencyOf(r) } };
    } catch (error) {
      if (error instanceof AlipayError && error.subCode === 'ACQ.TRADE_NOT_EXIST') return undefined;
      throw error;
    }
  }

  /** `alipay.trade.close`; a trade Alipay never saw (the QR code never scanned) needs none. */
  async void(input: { providerRef: string }): Promise<void> {
    try {
      await this.call('alipay.trade.close', { out_trade_no: input.providerRef });
    } catch (error) {
      // Not there, or already paid: the payment is settled by its notification (late capture).
      const settled = ['ACQ.TRADE_NOT_EXIST', 'ACQ.TRADE_STATUS_ERROR'];
      if (error instanceof AlipayError && settled.includes(error.subCode ?? '')) return;
      throw error;
    }
  }

  async refund(input: {
    providerRef: string;
    refundId: string;
    amount: Money;
  }): Promise<{ providerRefundRef: string }> {
    const outRequestNo = input.refundId.replace(/-/g, '');
    await this.call('alipay.trade.refund', {
      out_trade_no: input.providerRef,
      refund_amount: fenToYuan(input.amount.amount),
      out_request_no: outRequestNo,
    });
    return { providerRefundRef: outRequestNo };
  }

  fee(method: PaymentMethod, amount: number): number {
    return providerFee(amount, this.settings.feeBps[method]);
  }

  /**
   * A `trade_status_sync` notification: a form signed by Alipay over every parameter but `sign`
   * and `sign_type`. Its `notify_id` is the event id; a paid trade reports `total_amount`.
   */
  verifyWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | string,
  ): WebhookVerification {
    const params = readForm(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
    if (!params?.sign || params.sign_type !== 'RSA2')
      return { ok: false, problem: 'unauthenticated', detail: 'No RSA2 signature' };
    const content = alipaySigningContent(params, ['sign', 'sign_type']);
    if (!rsa2Verify(content, params.sign, this.settings.alipayPublicKey))
      return { ok: false, problem: 'unauthenticated', detail: 'The Alipay signature is wrong' };
    if (params.app_id !== this.settings.appId)
      return { ok: false, problem: 'unauthenticated', detail: 'Another application' };
    const { notify_id: id, out_trade_no: providerRef, trade_status: status } = params;
    if (!id || !providerRef || !isTradeStatus(status))
      return { ok: false, problem: 'malformed', detail: 'notify_id, out_trade_no, trade_status' };
    if (status === 'TRADE_CLOSED')
      return {
        ok: true,
        event: {
          id,
          type: 'payment.failed',
          providerRef,
          reason: 'the Alipay trade is closed',
          tradeClosed: true,
        },
      };
    const fen = yuanToFen(params.total_amount);
    if (status === 'WAIT_BUYER_PAY' || fen === undefined)
      return { ok: false, problem: 'malformed', detail: `No outcome in ${status}` };
    return {
      ok: true,
      event: {
        id,
        type: 'payment.succeeded',
        providerRef,
        amount: { amount: fen, currency: currencyOf(params) },
      },
    };
  }

  /**
   * The trade statement (账单) of `date`: its address from
   * `alipay.data.dataservice.bill.downloadurl.query`, then the file.
   */
  async downloadStatement(date: string): Promise<string> {
    const r = await this.call('alipay.data.dataservice.bill.downloadurl.query', {
      bill_type: 'trade',
      bill_date: date,
    }).catch((error: unknown) => {
      if (error instanceof AlipayError && error.subCode === 'isp.bill_not_exist')
        throw new StatementNotAvailableError(`Alipay has no statement of ${date}`);
      throw error;
    });
    if (typeof r.bill_download_url !== 'string')
      throw new StatementNotAvailableError(`Alipay gave no statement address for ${date}`);
    return alipayStatementText(await this.settings.download(r.bill_download_url));
  }

  /** Reads Alipay's trade statement into lines (fen; `out_request_no` names a refund). */
  readStatement(content: string): StatementLine[] | string {
    const lines = parseAlipayBill(content);
    if (typeof lines === 'string') return lines;
    return lines.map((l) => ({
      kind: l.type,
      providerRef: l.outTradeNo,
      ...(l.refundRequestNo ? { refundRef: l.refundRequestNo } : {}),
      amount: l.fen,
      fee: l.feeFen,
    }));
  }

  /** Alipay stops repeating a notification once answered the literal `success`. */
  answerWebhook(): WebhookAnswer {
    return { contentType: 'text/plain; charset=utf-8', body: ALIPAY_NOTIFICATION_ANSWERS[0] };
  }

  close(): Promise<void> {
    return this.settings.http.close();
  }

  private async call(
    method: string,
    bizContent: Record<string, string>,
    extra: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    const { appId, privateKey, alipayPublicKey, http, gatewayPath } = this.settings;
    const params = signAlipayParams(
      {
        app_id: appId,
        method,
        format: 'JSON',
        charset: 'utf-8',
        sign_type: 'RSA2',
        timestamp: alipayTimestamp(this.settings.now?.() ?? new Date()),
        version: '1.0',
        ...extra,
        biz_content: JSON.stringify(bizContent),
      },
      privateKey,
    );
    const res = await http.send({
      method: 'POST',
      path: gatewayPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(params).toString(),
      failOnServerError: true,
    });
    if (res.status !== 200) throw new Error(`Alipay ${method}: HTTP ${res.status}`);
    const response = readAlipayAnswer(method, res.body.toString('utf8'), alipayPublicKey);
    const code = String(response.code);
    if (code !== ALIPAY_SUCCESS_CODE) {
      throw new AlipayError(
        method,
        code,
        typeof response.sub_code === 'string' ? response.sub_code : undefined,
        String(response.sub_msg ?? response.msg ?? ''),
      );
    }
    return response;
  }
}
