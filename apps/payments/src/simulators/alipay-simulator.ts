import { randomBytes, type KeyObject } from 'node:crypto';
import {
  ALIPAY_BUSINESS_FAILURE,
  ALIPAY_SUCCESS_CODE,
  alipaySigningContent,
  alipayTimestamp,
  fenToYuan,
  formatAlipayBill,
  readForm,
  rsa2Sign,
  rsa2Verify,
  signedAlipayAnswer,
  yuanToFen,
  type AlipayBillRow,
  type AlipayTradeStatus,
} from '../application/providers/alipay-protocol';
import { providerFee } from '../domain/ledger';
import {
  ProviderSimulator,
  dayAfter,
  shanghaiDay,
  jsonAnswer,
  type ShopperAction,
  type Delivery,
  type SimulatorAnswer,
  type SimulatorRequest,
} from './simulator-http';
import { gbk, zip } from './statement-files';

/** How the Alipay simulator is set up. */
export interface AlipaySimulatorSettings {
  /** Alipay's own key pair's private half: signs answers and notifications. */
  readonly alipayPrivateKey: KeyObject;
  /** The applications it knows: app id → the merchant's public key, which verifies their requests. */
  readonly apps: ReadonlyMap<string, KeyObject>;
  /** Waits between tries of a notification not answered `success` (Alipay: 4 min … 15 h). */
  readonly retryDelaysMs?: readonly number[];
}

/** A trade as the simulator keeps it. */
export interface SimulatedAlipayTrade {
  readonly outTradeNo: string;
  readonly appId: string;
  readonly tradeNo: string;
  /** What the shopper pays, fen (a test changes it to see a statement differ). */
  totalFen: number;
  readonly currency: string;
  status: AlipayTradeStatus;
  notifyUrl?: string;
  paidAt?: Date;
  /** out_request_no → refunded fen. */
  readonly refunds: Map<string, number>;
  /** out_request_no → when it was refunded. */
  readonly refundedAt: Map<string, Date>;
}

/** The merchant's Alipay account its statements name. */
const ALIPAY_ACCOUNT = '20880000000000000156';

const DEFAULT_RETRIES_MS = [250, 1_000, 4_000, 15_000, 60_000];

/**
 * A local Alipay: the open-platform gateway (`POST /gateway.do`: precreate, query, close, refund)
 * with RSA2-signed forms in and signed JSON out, and `trade_status_sync` notifications posted as
 * signed forms to the trade's `notify_url`, repeated until answered `success`. The shopper is
 * played through `POST /sim/scan` with the trade's `qr_code`.
 */
export class AlipaySimulator extends ProviderSimulator {
  readonly trades = new Map<string, SimulatedAlipayTrade>();
  /** The service fee it keeps on a payment, in basis points (tests change it to see it reported). */
  feeBps = 60;

  constructor(private readonly settings: AlipaySimulatorSettings) {
    super(settings.retryDelaysMs ?? DEFAULT_RETRIES_MS);
  }

  /**
   * The notification Alipay would send for `trade` now, signed (or as `overrides` make it, signed
   * after them, so a test can post a notification Alipay really signed).
   */
  notificationFor(trade: SimulatedAlipayTrade, overrides: Record<string, string> = {}): string {
    const params: Record<string, string> = {
      notify_time: alipayTimestamp(new Date()),
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(16).toString('hex'),
      app_id: trade.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      trade_status: trade.status,
      total_amount: fenToYuan(trade.totalFen),
      ...(trade.status === 'TRADE_SUCCESS'
        ? {
            receipt_amount: fenToYuan(trade.totalFen),
            gmt_payment: alipayTimestamp(trade.paidAt ?? new Date()),
          }
        : {}),
      ...(trade.currency === 'CNY' ? {} : { trans_currency: trade.currency }),
      ...overrides,
    };
    const sign = rsa2Sign(
      alipaySigningContent(params, ['sign', 'sign_type']),
      this.settings.alipayPrivateKey,
    );
    return new URLSearchParams({ ...params, sign }).toString();
  }

  /** The shopper pays (or the trade closes) and Alipay notifies, unless told to hold back. */
  act(outTradeNo: string, action: ShopperAction = {}): SimulatedAlipayTrade {
    const trade = this.trades.get(outTradeNo);
    if (!trade) throw new Error(`No trade ${outTradeNo}`);
    if (trade.status !== 'WAIT_BUYER_PAY')
      throw new Error(`Trade ${outTradeNo} is ${trade.status}`);
    if (action.outcome === 'close') {
      trade.status = 'TRADE_CLOSED';
    } else {
      trade.status = 'TRADE_SUCCESS';
      trade.paidAt = new Date();
    }
    if (action.notify !== false && trade.notifyUrl) {
      const body = this.notificationFor(
        trade,
        action.reportedTotal === undefined ? {} : { total_amount: fenToYuan(action.reportedTotal) },
      );
      this.deliver(trade.notifyUrl, {
        outTradeNo,
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        answers: [],
      });
    }
    return trade;
  }

  /** The trade statement (业务明细) of a business day, as Alipay's CSV. */
  statement(day: string): string {
    const rows: AlipayBillRow[] = [];
    for (const t of this.trades.values()) {
      if (t.paidAt && shanghaiDay(t.paidAt) === day)
        rows.push({
          tradeNo: t.tradeNo,
          outTradeNo: t.outTradeNo,
          type: '交易',
          createdAt: alipayTimestamp(t.paidAt),
          finishedAt: alipayTimestamp(t.paidAt),
          fen: t.totalFen,
          feeFen: providerFee(t.totalFen, this.feeBps),
        });
      for (const [requestNo, fen] of t.refunds) {
        const at = t.refundedAt.get(requestNo)!;
        if (shanghaiDay(at) !== day) continue;
        rows.push({
          tradeNo: t.tradeNo,
          outTradeNo: t.outTradeNo,
          type: '退款',
          createdAt: alipayTimestamp(at),
          finishedAt: alipayTimestamp(at),
          fen: -fen,
          feeFen: 0,
          refundRequestNo: requestNo,
        });
      }
    }
    return formatAlipayBill(ALIPAY_ACCOUNT, day, dayAfter(day), rows);
  }

  /**
   * The statement as Alipay serves it: a zip of GBK CSV files, the trade lines (业务明细) and
   * their summary (汇总).
   */
  private statementArchive(day: string): SimulatorAnswer {
    const compact = day.replace(/-/g, '');
    const summary = [
      '#支付宝业务汇总查询',
      '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）',
      `合计,,${[...this.trades.values()].filter((t) => t.paidAt && shanghaiDay(t.paidAt) === day).length},0,,`,
      '',
    ].join('\r\n');
    return {
      status: 200,
      headers: { 'content-type': 'application/zip' },
      body: zip([
        { name: `${ALIPAY_ACCOUNT}_${compact}_业务明细.csv`, data: gbk(this.statement(day)) },
        { name: `${ALIPAY_ACCOUNT}_${compact}_业务明细(汇总).csv`, data: gbk(summary) },
      ]),
    };
  }

  protected scan(code: string, action: ShopperAction): { outTradeNo: string; state: string } {
    const prefix = `${this.url}/qr/`;
    if (!code.startsWith(prefix)) throw new Error('Not a QR code of this Alipay');
    const trade = this.act(decodeURIComponent(code.slice(prefix.length)), action);
    return { outTradeNo: trade.outTradeNo, state: trade.status };
  }

  protected acknowledged(answer: Delivery): boolean {
    return answer.status === 200 && answer.body.trim() === 'success';
  }

  protected route(r: SimulatorRequest): SimulatorAnswer {
    if (r.method === 'POST' && r.path === '/gateway.do') return this.gateway(r);
    const shopper = this.shopper(r);
    if (shopper) return shopper;
    const bill = /^\/bills\/trade\/(\d{4}-\d{2}-\d{2})$/.exec(r.path);
    if (r.method === 'GET' && bill) return this.statementArchive(bill[1]);
    return jsonAnswer(404, { message: `No ${r.method} ${r.path}` });
  }

  private gateway(r: SimulatorRequest): SimulatorAnswer {
    const params = { ...Object.fromEntries(r.query), ...(readForm(r.body) ?? {}) };
    const method = params.method ?? '';
    const answer = (response: Record<string, unknown>): SimulatorAnswer => ({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: signedAlipayAnswer(method, response, this.settings.alipayPrivateKey),
    });
    const fail = (subCode: string, subMsg: string, code = ALIPAY_BUSINESS_FAILURE) =>
      answer({ code, msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });
    const merchantKey = this.settings.apps.get(params.app_id ?? '');
    if (!merchantKey) return fail('isv.invalid-app-id', 'Unknown app_id', '40002');
    if (
      params.sign_type !== 'RSA2' ||
      !params.sign ||
      !rsa2Verify(alipaySigningContent(params), params.sign, merchantKey)
    ) {
      return fail('isv.invalid-signature', 'The request signature is wrong', '40002');
    }
    let biz: Record<string, string>;
    try {
      biz = JSON.parse(params.biz_content ?? '') as Record<string, string>;
    } catch {
      return fail('isv.invalid-parameter', 'biz_content is not JSON', '40002');
    }
    const ok = (fields: Record<string, unknown>) =>
      answer({ code: ALIPAY_SUCCESS_CODE, msg: 'Success', ...fields });
    const trade = this.trades.get(biz.out_trade_no ?? '');
    switch (method) {
      case 'alipay.trade.precreate': {
        const fen = yuanToFen(biz.total_amount);
        if (!biz.out_trade_no || fen === undefined || fen === 0)
          return fail('ACQ.INVALID_PARAMETER', 'out_trade_no and total_amount are required');
        if (trade && trade.status !== 'WAIT_BUYER_PAY')
          return fail(
            trade.status === 'TRADE_CLOSED' ? 'ACQ.TRADE_HAS_CLOSE' : 'ACQ.TRADE_HAS_SUCCESS',
            `The trade is ${trade.status}`,
          );
        if (trade && trade.totalFen !== fen)
          return fail('ACQ.CONTEXT_INCONSISTENT', 'Another amount for this out_trade_no');
        const created = trade ?? {
          outTradeNo: biz.out_trade_no,
          appId: params.app_id,
          tradeNo: `2026${randomBytes(12).toString('hex')}`,
          totalFen: fen,
          currency: biz.trans_currency || 'CNY',
          status: 'WAIT_BUYER_PAY' as const,
          refunds: new Map<string, number>(),
          refundedAt: new Map<string, Date>(),
        };
        created.notifyUrl = params.notify_url || created.notifyUrl;
        this.trades.set(created.outTradeNo, created);
        return ok({
          out_trade_no: created.outTradeNo,
          qr_code: `${this.url}/qr/${encodeURIComponent(created.outTradeNo)}`,
        });
      }
      case 'alipay.trade.query':
        if (!trade) return fail('ACQ.TRADE_NOT_EXIST', 'No such trade');
        return ok({
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          trade_status: trade.status,
          total_amount: fenToYuan(trade.totalFen),
          ...(trade.currency === 'CNY' ? {} : { trans_currency: trade.currency }),
          ...(trade.paidAt ? { send_pay_date: alipayTimestamp(trade.paidAt) } : {}),
        });
      case 'alipay.trade.close':
        if (!trade) return fail('ACQ.TRADE_NOT_EXIST', 'No such trade');
        if (trade.status !== 'WAIT_BUYER_PAY' && trade.status !== 'TRADE_CLOSED')
          return fail('ACQ.TRADE_STATUS_ERROR', `The trade is ${trade.status}`);
        trade.status = 'TRADE_CLOSED';
        return ok({ trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo });
      case 'alipay.trade.refund': {
        if (!trade) return fail('ACQ.TRADE_NOT_EXIST', 'No such trade');
        const fen = yuanToFen(biz.refund_amount);
        const requestNo = biz.out_request_no || trade.outTradeNo;
        const earlier = trade.refunds.get(requestNo);
        // The same out_request_no is the same refund: answered again, paid once.
        if (earlier === undefined) {
          if (trade.status !== 'TRADE_SUCCESS') return fail('ACQ.TRADE_STATUS_ERROR', trade.status);
          const refunded = [...trade.refunds.values()].reduce((a, b) => a + b, 0);
          if (fen === undefined || fen === 0 || refunded + fen > trade.totalFen)
            return fail('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', 'More than is left to refund');
          trade.refunds.set(requestNo, fen);
          trade.refundedAt.set(requestNo, new Date());
        } else if (fen !== earlier) {
          return fail('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', 'Another amount for this out_request_no');
        }
        const total = [...trade.refunds.values()].reduce((a, b) => a + b, 0);
        return ok({
          trade_no: trade.tradeNo,
          out_trade_no: trade.outTradeNo,
          fund_change: earlier === undefined ? 'Y' : 'N',
          refund_fee: fenToYuan(total),
        });
      }
      case 'alipay.data.dataservice.bill.downloadurl.query':
        if (biz.bill_type !== 'trade' || !/^\d{4}-\d{2}-\d{2}$/.test(biz.bill_date ?? ''))
          return fail('isp.bill_not_exist', 'bill_type trade and bill_date YYYY-MM-DD');
        // A day not begun yet has no statement.
        if (biz.bill_date > shanghaiDay(new Date()))
          return fail('isp.bill_not_exist', `No statement of ${biz.bill_date} yet`);
        return ok({ bill_download_url: `${this.url}/bills/trade/${biz.bill_date}` });
      default:
        return fail('isv.invalid-method', `No method ${method}`, '40002');
    }
  }
}
