import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { rsaSha256Sign, rsaSha256Verify } from './rsa-sha256';

/**
 * WeChat Pay APIv3's wire format (api.mch.weixin.qq.com/v3), shared by the adapter and the local
 * simulator: JSON requests signed with the merchant key in `Authorization: WECHATPAY2-SHA256-RSA2048`,
 * answers and notifications signed by the platform key (`Wechatpay-Timestamp`, `-Nonce`,
 * `-Signature`, `-Serial`), notification resources encrypted AEAD_AES_256_GCM with the APIv3 key.
 */

/** The authorization scheme of APIv3 requests. */
export const WECHATPAY_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** How far a signed timestamp may be from now, in seconds, before it counts as a replay. */
export const WECHATPAY_MAX_SKEW_S = 300;

/** WeChat Pay transaction states (`trade_state`). */
export type WechatTradeState =
  'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

/** Every transaction state, for parsing. */
export const WECHAT_TRADE_STATES: readonly WechatTradeState[] = [
  'SUCCESS',
  'REFUND',
  'NOTPAY',
  'CLOSED',
  'REVOKED',
  'USERPAYING',
  'PAYERROR',
];

/** A transaction as WeChat Pay answers a query and encrypts in a notification. */
export interface WechatTransaction {
  readonly appid: string;
  readonly mchid: string;
  readonly out_trade_no: string;
  readonly transaction_id?: string;
  readonly trade_type?: string;
  readonly trade_state: WechatTradeState;
  readonly trade_state_desc?: string;
  readonly success_time?: string;
  readonly amount: {
    readonly total: number;
    readonly currency: string;
    readonly payer_total?: number;
    readonly payer_currency?: string;
  };
}

/** A notification's envelope; `resource` holds the encrypted transaction. */
export interface WechatNotification {
  readonly id: string;
  readonly create_time: string;
  readonly resource_type: 'encrypt-resource';
  readonly event_type: string;
  readonly summary: string;
  readonly resource: EncryptedResource;
}

/** An AEAD_AES_256_GCM ciphertext: base64 of the encrypted bytes followed by the 16-byte tag. */
export interface EncryptedResource {
  readonly original_type: string;
  readonly algorithm: 'AEAD_AES_256_GCM';
  readonly ciphertext: string;
  readonly associated_data: string;
  readonly nonce: string;
}

/** A request's signed text: method, path with query, timestamp, nonce and body, each line ended. */
export function requestMessage(
  method: string,
  pathAndQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** An answer's or notification's signed text. */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** A fresh nonce of 32 letters and digits. */
export function wechatNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** The `Authorization` header of a request signed with the merchant's key. */
export function authorization(input: {
  readonly mchid: string;
  readonly serialNo: string;
  readonly privateKey: KeyObject;
  readonly method: string;
  readonly pathAndQuery: string;
  readonly body: string;
  readonly timestamp: string;
  readonly nonce: string;
}): string {
  const signature = rsaSha256Sign(
    requestMessage(input.method, input.pathAndQuery, input.timestamp, input.nonce, input.body),
    input.privateKey,
  );
  return `${WECHATPAY_SCHEME} mchid="${input.mchid}",nonce_str="${input.nonce}",signature="${signature}",timestamp="${input.timestamp}",serial_no="${input.serialNo}"`;
}

/** The fields of an `Authorization` header, or undefined when it is not APIv3's scheme. */
export function readAuthorization(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith(`${WECHATPAY_SCHEME} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.slice(WECHATPAY_SCHEME.length + 1).matchAll(/(\w+)="([^"]*)"/g))
    fields[match[1]] = match[2];
  const required = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'];
  return required.every((k) => fields[k]) ? fields : undefined;
}

/** The `Wechatpay-*` headers of an answer or notification signed by the platform key. */
export function platformSignatureHeaders(
  body: string,
  privateKey: KeyObject,
  serial: string,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = wechatNonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': serial,
    'wechatpay-signature': rsaSha256Sign(answerMessage(timestamp, nonce, body), privateKey),
    'wechatpay-signature-type': WECHATPAY_SCHEME,
  };
}

const single = (v: string | string[] | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined;

/**
 * Why an answer or notification's `Wechatpay-*` signature does not hold (another serial than the
 * platform key's, a timestamp more than 5 minutes off, a wrong signature), or undefined when it does.
 */
export function platformSignatureProblem(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  platform: { readonly serial: string; readonly publicKey: KeyObject },
  nowSeconds: number,
): string | undefined {
  const timestamp = single(headers['wechatpay-timestamp']);
  const nonce = single(headers['wechatpay-nonce']);
  const signature = single(headers['wechatpay-signature']);
  const serial = single(headers['wechatpay-serial']);
  if (!timestamp || !nonce || !signature || !serial) return 'missing';
  if (serial !== platform.serial) return `by an unknown platform key (${serial.slice(0, 64)})`;
  if (
    !/^\d{1,12}$/.test(timestamp) ||
    Math.abs(nowSeconds - Number(timestamp)) > WECHATPAY_MAX_SKEW_S
  )
    return 'outside the 5-minute window';
  if (!rsaSha256Verify(answerMessage(timestamp, nonce, body), signature, platform.publicKey))
    return 'wrong';
  return undefined;
}

/** Encrypts a notification resource with the APIv3 key (32 bytes), as WeChat Pay does. */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
  originalType: string,
): EncryptedResource {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    original_type: originalType,
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: Buffer.concat([encrypted, cipher.getAuthTag()]).toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

/** Decrypts a notification resource; undefined when it does not authenticate under the key. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string | undefined {
  try {
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    if (bytes.length < 16) return undefined;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(apiV3Key, 'utf8'),
      Buffer.from(resource.nonce),
    );
    decipher.setAAD(Buffer.from(resource.associated_data ?? ''));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

const WECHAT_BILL_HEADER = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
] as const;

/** One row of WeChat Pay's trade statement (交易账单), as the simulator writes it. */
export interface WechatBillRow {
  readonly at: string;
  readonly appid: string;
  readonly mchid: string;
  readonly transactionId: string;
  readonly outTradeNo: string;
  /** `SUCCESS` (a payment) or `REFUND` (a refund). */
  readonly state: 'SUCCESS' | 'REFUND';
  readonly currency: string;
  /** The payment's total, fen. */
  readonly totalFen: number;
  /** For a refund: its numbers and amount. */
  readonly refundId?: string;
  readonly outRefundNo?: string;
  readonly refundFen?: number;
  /** The fee kept on the line, fen. */
  readonly feeFen: number;
  readonly feeRate: string;
}

const yuan2 = (fen: number) => `${fen < 0 ? '-' : ''}${(Math.abs(fen) / 100).toFixed(2)}`;

/**
 * WeChat Pay's trade statement for a day (`bill_type=ALL`) as CSV: a header, one row per payment
 * or refund with every field prefixed by a backquote, then the totals.
 */
export function formatWechatBill(rows: readonly WechatBillRow[]): string {
  const body = rows.map((r) => {
    const refund = r.state === 'REFUND';
    return [
      r.at,
      r.appid,
      r.mchid,
      '0',
      '',
      r.transactionId,
      r.outTradeNo,
      'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      'NATIVE',
      r.state,
      'OTHERS',
      r.currency,
      yuan2(refund ? 0 : r.totalFen),
      '0.00',
      refund ? (r.refundId ?? '') : '0',
      refund ? (r.outRefundNo ?? '') : '0',
      yuan2(refund ? (r.refundFen ?? 0) : 0),
      '0.00',
      refund ? 'ORIGINAL' : '',
      refund ? 'SUCCESS' : '',
      'Emporium',
      '',
      yuan2(r.feeFen),
      r.feeRate,
      yuan2(r.totalFen),
      yuan2(refund ? (r.refundFen ?? 0) : 0),
      '',
    ]
      .map((v) => `\`${v}`)
      .join(',');
  });
  const sum = (f: (r: WechatBillRow) => number) => yuan2(rows.reduce((s, r) => s + f(r), 0));
  const paid = (r: WechatBillRow) => (r.state === 'SUCCESS' ? r.totalFen : 0);
  const back = (r: WechatBillRow) => (r.state === 'REFUND' ? (r.refundFen ?? 0) : 0);
  return [
    WECHAT_BILL_HEADER.join(','),
    ...body,
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    [String(rows.length), sum(paid), sum(back), '0.00', sum((r) => r.feeFen), sum(paid), sum(back)]
      .map((v) => `\`${v}`)
      .join(','),
    '',
  ].join('\r\n');
}

/** A line of WeChat Pay's trade statement as reconciliation reads it (amounts positive, fen). */
export interface WechatBillLine {
  readonly type: 'PAYMENT' | 'REFUND';
  readonly outTradeNo: string;
  readonly outRefundNo?: string;
  readonly fen: number;
  /** The fee kept (negative when returned). */
  readonly feeFen: number;
}

const WECHAT_YUAN = /^(-?)(\d+)\.(\d{2})$/;
const wechatFen = (v: string | undefined): number | undefined => {
  const m = WECHAT_YUAN.exec(v ?? '');
  return m ? (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3])) : undefined;
};

/**
 * Reads WeChat Pay's trade statement CSV (the backquote before each field dropped, columns found
 * by their header, the totals at the end left out); answers why not when it is not one.
 */
export function parseWechatBill(text: string): WechatBillLine[] | string {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = rows.shift()?.split(',');
  const col = (name: (typeof WECHAT_BILL_HEADER)[number]) => header?.indexOf(name) ?? -1;
  const at = {
    outTradeNo: col('商户订单号'),
    state: col('交易状态'),
    settled: col('应结订单金额'),
    outRefundNo: col('商户退款单号'),
    refund: col('退款金额'),
    fee: col('手续费'),
  };
  if (Object.values(at).some((i) => i < 0)) return 'not a WeChat Pay trade statement (交易账单)';
  const end = rows.findIndex((r) => r.startsWith('总交易单数'));
  const lines: WechatBillLine[] = [];
  for (const [n, row] of (end < 0 ? rows : rows.slice(0, end)).entries()) {
    const cells = row.split(',').map((c) => c.replace(/^`/, '').trim());
    const state = cells[at.state];
    const refund = state === 'REFUND';
    const fen = wechatFen(cells[refund ? at.refund : at.settled]);
    const fee = wechatFen(cells[at.fee]);
    if (
      !cells[at.outTradeNo] ||
      (state !== 'SUCCESS' && !refund) ||
      fen === undefined ||
      fee === undefined
    )
      return `row ${n + 1} is not a payment or refund line`;
    lines.push({
      type: refund ? 'REFUND' : 'PAYMENT',
      outTradeNo: cells[at.outTradeNo],
      ...(refund ? { outRefundNo: cells[at.outRefundNo] } : {}),
      fen: Math.abs(fen),
      feeFen: fee,
    });
  }
  return lines;
}
