import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import {
  WECHATPAY_MAX_SKEW_S,
  encryptResource,
  formatWechatBill,
  platformSignatureHeaders,
  readAuthorization,
  requestMessage,
  type WechatBillRow,
  type WechatNotification,
  type WechatTradeState,
  type WechatTransaction,
} from '../application/providers/wechat-pay-protocol';
import { rsaSha256Verify } from '../application/providers/rsa-sha256';
import { providerFee } from '../domain/ledger';
import {
  ProviderSimulator,
  shanghaiDay,
  type Delivery,
  type ShopperAction,
  type SimulatorAnswer,
  type SimulatorRequest,
} from './simulator-http';

/** A merchant the simulator knows. */
export interface SimulatedMerchant {
  readonly appid: string;
  /** Serial of the merchant certificate its requests name (`serial_no`). */
  readonly serial: string;
  /** Verifies its requests. */
  readonly publicKey: KeyObject;
  /** Encrypts its notification resources. */
  readonly apiV3Key: string;
}

/** How the WeChat Pay simulator is set up. */
export interface WechatPaySimulatorSettings {
  /** The platform key: signs answers and notifications. */
  readonly platformPrivateKey: KeyObject;
  /** Its certificate's serial (or `PUB_KEY_ID_…` of a WeChat Pay public key). */
  readonly platformSerial: string;
  /** mchid → merchant. */
  readonly merchants: ReadonlyMap<string, SimulatedMerchant>;
  /** Waits between tries of a notification not answered 2xx (WeChat Pay: 15 s … 24 h). */
  readonly retryDelaysMs?: readonly number[];
}

/** A transaction as the simulator keeps it. */
export interface SimulatedWechatTransaction {
  readonly outTradeNo: string;
  readonly mchid: string;
  readonly appid: string;
  readonly transactionId: string;
  readonly total: number;
  readonly currency: string;
  state: WechatTradeState;
  notifyUrl: string;
  paidAt?: Date;
  /** out_refund_no → refunded fen. */
  readonly refunds: Map<string, number>;
  /** out_refund_no → when, and WeChat Pay's refund id. */
  readonly refundedAt: Map<string, { readonly at: Date; readonly refundId: string }>;
}

const DEFAULT_RETRIES_MS = [250, 1_000, 4_000, 15_000, 60_000];
const TRANSACTION = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/;

/**
 * A local WeChat Pay APIv3: Native orders, queries, closes and domestic refunds, each request's
 * `WECHATPAY2-SHA256-RSA2048` authorization checked, each answer signed with the platform key;
 * notifications posted with `Wechatpay-*` headers and an AEAD_AES_256_GCM resource, repeated until
 * answered 2xx. The shopper is played through `POST /sim/scan` with the order's `code_url`.
 */
export class WechatPaySimulator extends ProviderSimulator {
  readonly transactions = new Map<string, SimulatedWechatTransaction>();
  /** The fee it keeps on a payment, in basis points (tests change it to see it reported). */
  feeBps = 60;

  constructor(private readonly settings: WechatPaySimulatorSettings) {
    super(settings.retryDelaysMs ?? DEFAULT_RETRIES_MS);
  }

  /** The transaction as WeChat Pay shows it (query answer, notification resource). */
  transactionView(t: SimulatedWechatTransaction, reportedTotal = t.total): WechatTransaction {
    return {
      appid: t.appid,
      mchid: t.mchid,
      out_trade_no: t.outTradeNo,
      transaction_id: t.transactionId,
      trade_type: 'NATIVE',
      trade_state: t.state,
      trade_state_desc: t.state,
      ...(t.paidAt ? { success_time: t.paidAt.toISOString() } : {}),
      amount: {
        total: reportedTotal,
        currency: t.currency,
        payer_total: reportedTotal,
        payer_currency: t.currency,
      },
    };
  }

  /**
   * The notification WeChat Pay would send about `t` now: its body, and the headers signed over
   * it (`at` moves the signing time, for a replay of an old one).
   */
  notificationFor(
    t: SimulatedWechatTransaction,
    options: {
      readonly reportedTotal?: number;
      readonly at?: Date;
      readonly id?: string;
      /** The state it reports, when not the order's own. */
      readonly state?: WechatTradeState;
    } = {},
  ): { body: string; headers: Record<string, string> } {
    const reported = { ...t, state: options.state ?? t.state };
    const merchant = this.settings.merchants.get(t.mchid)!;
    const notification: WechatNotification = {
      id: options.id ?? randomBytes(16).toString('hex'),
      create_time: (options.at ?? new Date()).toISOString(),
      resource_type: 'encrypt-resource',
      event_type:
        reported.state === 'SUCCESS' ? 'TRANSACTION.SUCCESS' : `TRANSACTION.${reported.state}`,
      summary: reported.state === 'SUCCESS' ? '支付成功' : reported.state,
      resource: encryptResource(
        JSON.stringify(this.transactionView(reported, options.reportedTotal)),
        merchant.apiV3Key,
        'transaction',
        'transaction',
      ),
    };
    const body = JSON.stringify(notification);
    return {
      body,
      headers: {
        'content-type': 'application/json',
        ...platformSignatureHeaders(
          body,
          this.settings.platformPrivateKey,
          this.settings.platformSerial,
          options.at,
        ),
      },
    };
  }

  /** The shopper pays (or the order closes) and WeChat Pay notifies, unless told to hold back. */
  act(outTradeNo: string, action: ShopperAction = {}): SimulatedWechatTransaction {
    const t = this.transactions.get(outTradeNo);
    if (!t) throw new Error(`No transaction ${outTradeNo}`);
    if (t.state !== 'NOTPAY') throw new Error(`Transaction ${outTradeNo} is ${t.state}`);
    if (action.outcome === 'close') {
      t.state = 'CLOSED';
    } else {
      t.state = 'SUCCESS';
      t.paidAt = new Date();
    }
    if (action.notify !== false) {
      const { body, headers } = this.notificationFor(t, { reportedTotal: action.reportedTotal });
      this.deliver(t.notifyUrl, { outTradeNo, body, headers, answers: [] });
    }
    return t;
  }

  /** The trade statement (交易账单, `ALL`) of a business day, as WeChat Pay's CSV. */
  statement(day: string): string {
    const rows: WechatBillRow[] = [];
    const time = (at: Date) =>
      new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const feeRate = `${(this.feeBps / 100).toFixed(2)}%`;
    for (const t of this.transactions.values()) {
      const base = {
        appid: t.appid,
        mchid: t.mchid,
        transactionId: t.transactionId,
        outTradeNo: t.outTradeNo,
        currency: t.currency,
        totalFen: t.total,
        feeRate,
      };
      if (t.paidAt && shanghaiDay(t.paidAt) === day)
        rows.push({
          ...base,
          at: time(t.paidAt),
          state: 'SUCCESS',
          feeFen: providerFee(t.total, this.feeBps),
        });
      for (const [outRefundNo, fen] of t.refunds) {
        const refund = t.refundedAt.get(outRefundNo)!;
        if (shanghaiDay(refund.at) !== day) continue;
        rows.push({
          ...base,
          at: time(refund.at),
          state: 'REFUND',
          refundId: refund.refundId,
          outRefundNo,
          refundFen: fen,
          feeFen: 0,
        });
      }
    }
    return formatWechatBill(rows);
  }

  protected scan(code: string, action: ShopperAction): { outTradeNo: string; state: string } {
    const prefix = 'weixin://wxpay/bizpayurl?pr=';
    if (!code.startsWith(prefix)) throw new Error('Not a WeChat Pay code');
    const t = this.act(Buffer.from(code.slice(prefix.length), 'base64url').toString(), action);
    return { outTradeNo: t.outTradeNo, state: t.state };
  }

  protected acknowledged(answer: Delivery): boolean {
    return answer.status >= 200 && answer.status < 300;
  }

  protected route(r: SimulatorRequest): SimulatorAnswer {
    const shopper = this.shopper(r);
    if (shopper) return shopper;
    const mchid = this.authenticate(r);
    if (!mchid) return this.answer(401, { code: 'SIGN_ERROR', message: 'signature wrong' });
    let body: Record<string, unknown> = {};
    try {
      body = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
    } catch {
      return this.answer(400, { code: 'PARAM_ERROR', message: 'the body is not JSON' });
    }
    if (r.method === 'POST' && r.path === '/v3/pay/transactions/native')
      return this.native(mchid, body);
    if (r.method === 'POST' && r.path === '/v3/refund/domestic/refunds')
      return this.refund(mchid, body);
    if (r.method === 'GET' && r.path === '/v3/bill/tradebill') {
      const day = r.query.get('bill_date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
        return this.answer(400, { code: 'PARAM_ERROR', message: 'bill_date YYYY-MM-DD' });
      // A day not begun yet has no statement.
      if (day > shanghaiDay(new Date()))
        return this.answer(400, { code: 'NO_STATEMENT_EXIST', message: '账单不存在' });
      return this.answer(200, {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(this.statement(day), 'utf8').digest('hex'),
        download_url: `${this.url}/v3/billdownload/file?token=${day}`,
      });
    }
    if (r.method === 'GET' && r.path === '/v3/billdownload/file')
      // The file comes unsigned, as WeChat Pay sends it; its hash was in the signed answer.
      return {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: this.statement(r.query.get('token') ?? ''),
      };
    const match = TRANSACTION.exec(r.path);
    const t = match ? this.transactions.get(decodeURIComponent(match[1])) : undefined;
    if (!match) return this.answer(404, { code: 'NOT_FOUND', message: r.path });
    if (!t || t.mchid !== mchid)
      return this.answer(404, { code: 'ORDER_NOT_EXIST', message: 'no such order' });
    if (r.method === 'GET' && !match[2]) return this.answer(200, this.transactionView(t));
    if (r.method === 'POST' && match[2]) {
      if (t.state === 'SUCCESS' || t.state === 'REFUND')
        return this.answer(400, { code: 'ORDERPAID', message: 'the order is paid' });
      t.state = 'CLOSED';
      return this.answer(204);
    }
    return this.answer(405, { code: 'METHOD_NOT_ALLOWED', message: r.method });
  }

  /** The merchant whose valid signature the request carries, or undefined. */
  private authenticate(r: SimulatorRequest): string | undefined {
    const fields = readAuthorization(
      typeof r.headers.authorization === 'string' ? r.headers.authorization : undefined,
    );
    const merchant = fields && this.settings.merchants.get(fields.mchid);
    if (!fields || !merchant || merchant.serial !== fields.serial_no) return undefined;
    if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > WECHATPAY_MAX_SKEW_S)
      return undefined;
    const message = requestMessage(r.method, r.target, fields.timestamp, fields.nonce_str, r.body);
    return rsaSha256Verify(message, fields.signature, merchant.publicKey)
      ? fields.mchid
      : undefined;
  }

  private native(mchid: string, body: Record<string, unknown>): SimulatorAnswer {
    const amount = body.amount as { total?: unknown; currency?: unknown } | undefined;
    const outTradeNo = body.out_trade_no;
    if (
      typeof outTradeNo !== 'string' ||
      !/^[0-9A-Za-z_*-]{6,32}$/.test(outTradeNo) ||
      typeof body.notify_url !== 'string' ||
      !Number.isSafeInteger(amount?.total) ||
      (amount!.total as number) <= 0
    ) {
      return this.answer(400, { code: 'PARAM_ERROR', message: 'out_trade_no, notify_url, amount' });
    }
    const merchant = this.settings.merchants.get(mchid)!;
    if (body.appid !== merchant.appid || body.mchid !== mchid)
      return this.answer(400, { code: 'APPID_MCHID_NOT_MATCH', message: 'appid and mchid' });
    const existing = this.transactions.get(outTradeNo);
    if (existing && (existing.state !== 'NOTPAY' || existing.total !== amount!.total))
      return this.answer(400, { code: 'ORDER_CLOSED', message: `the order is ${existing.state}` });
    const t = existing ?? {
      outTradeNo,
      mchid,
      appid: merchant.appid,
      transactionId: `4200${randomBytes(12).toString('hex')}`,
      total: amount!.total as number,
      currency: typeof amount!.currency === 'string' ? amount!.currency : 'CNY',
      state: 'NOTPAY' as const,
      notifyUrl: body.notify_url,
      refunds: new Map<string, number>(),
      refundedAt: new Map<string, { at: Date; refundId: string }>(),
    };
    this.transactions.set(outTradeNo, t);
    return this.answer(200, {
      code_url: `weixin://wxpay/bizpayurl?pr=${Buffer.from(outTradeNo).toString('base64url')}`,
    });
  }

  private refund(mchid: string, body: Record<string, unknown>): SimulatorAnswer {
    const t = this.transactions.get(String(body.out_trade_no));
    if (!t || t.mchid !== mchid)
      return this.answer(404, { code: 'RESOURCE_NOT_EXISTS', message: 'no such order' });
    const amount = body.amount as { refund?: unknown; total?: unknown } | undefined;
    const outRefundNo = body.out_refund_no;
    const fen = amount?.refund;
    if (typeof outRefundNo !== 'string' || !Number.isSafeInteger(fen) || (fen as number) <= 0)
      return this.answer(400, { code: 'PARAM_ERROR', message: 'out_refund_no, amount.refund' });
    if (amount?.total !== t.total)
      return this.answer(400, { code: 'PARAM_ERROR', message: 'amount.total is not the order’s' });
    const earlier = t.refunds.get(outRefundNo);
    // The same out_refund_no is the same refund: answered again, paid once.
    if (earlier === undefined) {
      if (t.state !== 'SUCCESS' && t.state !== 'REFUND')
        return this.answer(403, { code: 'TRADE_STATE_ERROR', message: t.state });
      const refunded = [...t.refunds.values()].reduce((a, b) => a + b, 0);
      if (refunded + (fen as number) > t.total)
        return this.answer(403, { code: 'NOT_ENOUGH', message: 'more than is left' });
      t.refunds.set(outRefundNo, fen as number);
      t.refundedAt.set(outRefundNo, {
        at: new Date(),
        refundId: `5030${randomBytes(12).toString('hex')}`,
      });
      t.state = 'REFUND';
    } else if (earlier !== fen) {
      return this.answer(400, { code: 'INVALID_REQUEST', message: 'another amount, same number' });
    }
    return this.answer(200, {
      refund_id: t.refundedAt.get(outRefundNo)!.refundId,
      out_refund_no: outRefundNo,
      out_trade_no: t.outTradeNo,
      status: 'SUCCESS',
      amount: { refund: fen, total: t.total, currency: t.currency },
    });
  }

  /** An answer signed with the platform key, as every APIv3 answer is. */
  private answer(status: number, value?: unknown): SimulatorAnswer {
    const body = value === undefined ? '' : JSON.stringify(value);
    return {
      status,
      headers: {
        ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...platformSignatureHeaders(
          body,
          this.settings.platformPrivateKey,
          this.settings.platformSerial,
        ),
      },
      body,
    };
  }
}
