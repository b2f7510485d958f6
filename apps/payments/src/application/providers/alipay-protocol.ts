import type { KeyObject } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { rsaSha256Sign, rsaSha256Verify } from './rsa-sha256';

/**
 * Alipay's open-platform wire format (openapi.alipay.com/gateway.do), shared by the adapter and the
 * local simulator: form parameters signed RSA2 (SHA256withRSA) over their sorted `key=value` pairs,
 * JSON answers signed over the exact text of their `<method>_response` member, and asynchronous
 * notifications posted as forms, signed the same way by Alipay.
 */

/** Alipay's answer code of a successful call. */
export const ALIPAY_SUCCESS_CODE = '10000';

/** Alipay's business-failure answer code (with a `sub_code` saying which). */
export const ALIPAY_BUSINESS_FAILURE = '40004';

/** Alipay trade states (`trade_status`). */
export type AlipayTradeStatus =
  'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED';

/** Every trade state, for parsing. */
export const ALIPAY_TRADE_STATUSES: readonly AlipayTradeStatus[] = [
  'WAIT_BUYER_PAY',
  'TRADE_SUCCESS',
  'TRADE_FINISHED',
  'TRADE_CLOSED',
];

/**
 * The text Alipay signs: every parameter but `sign` (and, for notifications, `sign_type`) with a
 * non-empty value, sorted by name, as `k=v` joined by `&`, values as they are (not URL-encoded).
 */
export function alipaySigningContent(
  params: Readonly<Record<string, string>>,
  exclude: readonly string[] = ['sign'],
): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** RSA2: base64 SHA256withRSA of `content` (UTF-8). */
export const rsa2Sign = rsaSha256Sign;

/** Whether `signature` (base64) is the RSA2 signature of `content` by the holder of `publicKey`. */
export const rsa2Verify = rsaSha256Verify;

/** Signs request or notification parameters: the same parameters plus `sign`. */
export function signAlipayParams(
  params: Readonly<Record<string, string>>,
  privateKey: KeyObject,
): Record<string, string> {
  return { ...params, sign: rsa2Sign(alipaySigningContent(params), privateKey) };
}

/** Alipay's `yyyy-MM-dd HH:mm:ss` in China time (UTC+8, no daylight saving). */
export function alipayTimestamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const YUAN = /^(0|[1-9]\d{0,12})\.(\d{2})$/;

/** Fen to Alipay's yuan with two decimals (12900 → "129.00"). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`Not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Alipay's yuan with two decimals to fen ("129.00" → 12900); undefined for anything else. */
export function yuanToFen(yuan: string | undefined): number | undefined {
  const match = yuan === undefined ? null : YUAN.exec(yuan);
  return match ? Number(match[1]) * 100 + Number(match[2]) : undefined;
}

/** The member of an answer that holds the result of `method` (`alipay.trade.query` → `alipay_trade_query_response`). */
export function alipayResponseKey(method: string): string {
  return `${method.replace(/\./g, '_')}_response`;
}

/**
 * Builds an answer as Alipay writes it: `{"<method>_response":{…},"sign":"…"}`, the signature over
 * the exact text of the response member.
 */
export function signedAlipayAnswer(
  method: string,
  response: Readonly<Record<string, unknown>>,
  privateKey: KeyObject,
): string {
  const content = JSON.stringify(response);
  return `{"${alipayResponseKey(method)}":${content},"sign":${JSON.stringify(rsa2Sign(content, privateKey))}}`;
}

/**
 * Reads an answer of Alipay's gateway and checks its signature over the exact text of the
 * response member (re-serialising the parsed JSON would not give the signed bytes back).
 * An `error_response` (unknown method, bad signature of ours) is returned unverified.
 */
export function readAlipayAnswer(
  method: string,
  text: string,
  publicKey: KeyObject,
): Record<string, unknown> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`Alipay ${method}: the answer is not JSON`);
  }
  const key = alipayResponseKey(method);
  const response = parsed[key];
  if (typeof response !== 'object' || response === null) {
    const error = parsed.error_response as Record<string, unknown> | undefined;
    throw new Error(`Alipay ${method}: ${JSON.stringify(error ?? parsed).slice(0, 300)}`);
  }
  const marker = `"${key}":`;
  const start = text.indexOf(marker) + marker.length;
  const end = text.lastIndexOf(',"sign"');
  const signature = parsed.sign;
  if (
    end < start ||
    typeof signature !== 'string' ||
    !rsa2Verify(text.slice(start, end), signature, publicKey)
  ) {
    throw new Error(`Alipay ${method}: the answer's signature does not verify`);
  }
  return response as Record<string, unknown>;
}

/** A form body's parameters, each name once (a repeated name is refused). */
export function readForm(body: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (Object.prototype.hasOwnProperty.call(params, k)) return undefined;
    params[k] = v;
  }
  return params;
}

/** The columns of Alipay's trade statement (业务明细) that reconciliation reads. */
const ALIPAY_BILL_HEADER = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const;

/** One row of Alipay's trade statement, as the simulator writes it. */
export interface AlipayBillRow {
  readonly tradeNo: string;
  readonly outTradeNo: string;
  /** `交易` (a payment) or `退款` (a refund). */
  readonly type: '交易' | '退款';
  readonly createdAt: string;
  readonly finishedAt: string;
  /** Paid in (positive) or back (negative), fen. */
  readonly fen: number;
  /** The service fee Alipay kept (positive) or returned (negative), fen. */
  readonly feeFen: number;
  readonly refundRequestNo?: string;
}

const signedYuan = (fen: number) => `${fen < 0 ? '-' : ''}${fenToYuan(Math.abs(fen))}`;
const chineseDate = (day: string, time: string) =>
  `${day.slice(0, 4)}年${day.slice(5, 7)}月${day.slice(8, 10)}日 ${time}`;

/**
 * Alipay's trade statement (账单, 业务明细) for `day` as CSV: `#` comment lines around a header
 * and one row per payment or refund, text fields padded with a tab as Alipay pads them; fees are
 * written as Alipay shows them, negative when kept.
 */
export function formatAlipayBill(
  account: string,
  day: string,
  nextDay: string,
  rows: readonly AlipayBillRow[],
): string {
  const body = rows.map((r) =>
    [
      `${r.tradeNo}\t`,
      `${r.outTradeNo}\t`,
      `${r.type}\t`,
      'Emporium\t',
      r.createdAt,
      r.finishedAt,
      '',
      '',
      '',
      '',
      'buyer***@example.com',
      signedYuan(r.fen),
      signedYuan(r.fen),
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '0.00',
      '',
      '0.00',
      '0.00',
      r.refundRequestNo ? `${r.refundRequestNo}\t` : '',
      signedYuan(-r.feeFen),
      '0.00',
      '',
    ].join(','),
  );
  const paid = rows.filter((r) => r.type === '交易');
  const back = rows.filter((r) => r.type === '退款');
  const sum = (list: readonly AlipayBillRow[]) => signedYuan(list.reduce((s, r) => s + r.fen, 0));
  return [
    '#支付宝业务明细查询',
    `#账号：[${account}]`,
    `#起始日期：[${chineseDate(day, '00:00:00')}]   终止日期：[${chineseDate(nextDay, '00:00:00')}]`,
    '#-----------------------------------------业务明细列表----------------------------------------',
    ALIPAY_BILL_HEADER.join(','),
    ...body,
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${paid.length}笔，商家实收共${sum(paid)}元，商家优惠共0.00元`,
    `#退款合计：${back.length}笔，商家实收退款共${sum(back)}元，商家优惠退款共0.00元`,
    `#导出时间：[${chineseDate(nextDay, '09:00:00')}]`,
    '',
  ].join('\r\n');
}

const SIGNED_YUAN = /^(-?)(\d+\.\d{2})$/;

/** A line of Alipay's trade statement as reconciliation reads it (amounts positive, fen). */
export interface AlipayBillLine {
  readonly type: 'PAYMENT' | 'REFUND';
  readonly outTradeNo: string;
  readonly refundRequestNo?: string;
  readonly fen: number;
  readonly feeFen: number;
}

/**
 * Reads Alipay's trade statement CSV (comment lines skipped, columns found by their header, the
 * tab padding trimmed); answers why not when it is not one.
 */
export function parseAlipayBill(text: string): AlipayBillLine[] | string {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = rows
    .shift()
    ?.split(',')
    .map((h) => h.trim());
  const col = (name: (typeof ALIPAY_BILL_HEADER)[number]) => header?.indexOf(name) ?? -1;
  const at = {
    outTradeNo: col('商户订单号'),
    type: col('业务类型'),
    amount: col('订单金额（元）'),
    requestNo: col('退款批次号/请求号'),
    fee: col('服务费（元）'),
  };
  if (Object.values(at).some((i) => i < 0)) return 'not an Alipay trade statement (业务明细)';
  const lines: AlipayBillLine[] = [];
  for (const [n, row] of rows.entries()) {
    const cells = row.split(',').map((c) => c.trim());
    const amount = SIGNED_YUAN.exec(cells[at.amount] ?? '');
    const fee = SIGNED_YUAN.exec(cells[at.fee] || '0.00');
    const type = cells[at.type];
    if (!amount || !fee || !cells[at.outTradeNo] || (type !== '交易' && type !== '退款'))
      return `row ${n + 1} is not a payment or refund line`;
    lines.push({
      type: type === '交易' ? 'PAYMENT' : 'REFUND',
      outTradeNo: cells[at.outTradeNo],
      ...(cells[at.requestNo] ? { refundRequestNo: cells[at.requestNo] } : {}),
      fen: yuanToFen(amount[2])!,
      // Alipay shows the fee it keeps as negative; reconciliation counts what it kept.
      feeFen: fee[1] === '-' || fee[2] === '0.00' ? yuanToFen(fee[2])! : -yuanToFen(fee[2])!,
    });
  }
  return lines;
}

const ZIP_END = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_LOCAL = 0x04034b50;

/** A file of a zip archive. */
export interface ZipFile {
  readonly name: string;
  readonly data: Buffer;
}

/**
 * The files of a zip archive, read from its central directory (Alipay's statements come zipped,
 * sizes often only there); stored and deflated entries, names in UTF-8 when flagged, else GBK.
 */
export function readZip(zip: Buffer): ZipFile[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== ZIP_END) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files: ZipFile[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== ZIP_CENTRAL) throw new Error('a damaged zip directory');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength);
    if (zip.readUInt32LE(local) !== ZIP_LOCAL) throw new Error('a damaged zip entry');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(start, start + packedSize);
    const data = method === 8 ? inflateRawSync(stored) : method === 0 ? stored : undefined;
    if (!data || data.length !== size) throw new Error(`zip entry ${i} cannot be read`);
    files.push({ name: new TextDecoder(flags & 0x800 ? 'utf-8' : 'gbk').decode(rawName), data });
    at += 46 + skip;
  }
  return files;
}

/** Text as Alipay writes its statements: GBK, or UTF-8 when that is what the bytes are. */
export function decodeStatementText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/**
 * The trade lines' CSV of a statement file from Alipay: the zip it serves (the 业务明细 file, not
 * its 汇总 summary), or a CSV as it is.
 */
export function alipayStatementText(file: Buffer): string {
  if (file.length < 4 || file.readUInt32LE(0) !== ZIP_LOCAL) return decodeStatementText(file);
  const detail = readZip(file).find((f) => f.name.includes('业务明细') && !f.name.includes('汇总'));
  if (!detail) throw new Error('the statement archive holds no 业务明细 file');
  return decodeStatementText(detail.data);
}
