import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { rsaSha256Verify } from './rsa-sha256';
import {
  authorization,
  decryptResource,
  encryptResource,
  formatWechatBill,
  parseWechatBill,
  platformSignatureHeaders,
  platformSignatureProblem,
  readAuthorization,
  requestMessage,
} from './wechat-pay-protocol';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = {
  serial: 'PUB_KEY_ID_0114232134912410000000000000',
  publicKey: platformKeys.publicKey,
};
const KEY = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
const AT = new Date('2026-12-08T00:00:00Z');
const NOW = AT.getTime() / 1000;

describe('WeChat Pay request authorization', () => {
  it('signs method, path, timestamp, nonce and body with the merchant key', () => {
    const header = authorization({
      mchid: '1900009191',
      serialNo: 'ABC',
      privateKey: merchant.privateKey,
      method: 'POST',
      pathAndQuery: '/v3/pay/transactions/native',
      body: '{"a":1}',
      timestamp: '1554208460',
      nonce: 'N1',
    });
    const fields = readAuthorization(header)!;
    expect(fields).toMatchObject({ mchid: '1900009191', serial_no: 'ABC', nonce_str: 'N1' });
    const message = requestMessage(
      'POST',
      '/v3/pay/transactions/native',
      '1554208460',
      'N1',
      '{"a":1}',
    );
    expect(rsaSha256Verify(message, fields.signature, merchant.publicKey)).toBe(true);
    expect(
      rsaSha256Verify(message.replace('{"a":1}', '{"a":2}'), fields.signature, merchant.publicKey),
    ).toBe(false);
  });

  it.each([undefined, '', 'Bearer x', 'WECHATPAY2-SHA256-RSA2048 mchid="1"'])(
    'refuses the authorization %p',
    (header) => expect(readAuthorization(header)).toBeUndefined(),
  );
});

describe('WeChat Pay platform signatures', () => {
  const body = '{"id":"EV-1"}';
  const signed = platformSignatureHeaders(body, platformKeys.privateKey, platform.serial, AT);

  it('accepts what the platform signed within 5 minutes', () => {
    expect(platformSignatureProblem(signed, body, platform, NOW + 299)).toBeUndefined();
  });

  it.each([
    ['a changed body', signed, '{"id":"EV-2"}', NOW, 'wrong'],
    ['a signature 6 minutes old', signed, body, NOW + 360, 'outside the 5-minute window'],
    ['a signature from the future', signed, body, NOW - 360, 'outside the 5-minute window'],
    ['no signature', { ...signed, 'wechatpay-signature': undefined }, body, NOW, 'missing'],
    [
      'another serial',
      { ...signed, 'wechatpay-serial': 'X' },
      body,
      NOW,
      'by an unknown platform key (X)',
    ],
  ])('refuses %s', (_, headers, text, now, problem) => {
    expect(platformSignatureProblem(headers, text, platform, now)).toBe(problem);
  });

  it('refuses a signature by another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = platformSignatureHeaders(body, other, platform.serial, AT);
    expect(platformSignatureProblem(forged, body, platform, NOW)).toBe('wrong');
  });
});

describe('WeChat Pay notification resources', () => {
  it('decrypts what was encrypted with the APIv3 key', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(decryptResource(encryptResource(text, KEY, 'transaction', 'transaction'), KEY)).toBe(
          text,
        );
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a resource changed, re-labelled or encrypted under another key', () => {
    const resource = encryptResource('{"amount":{"total":100}}', KEY, 'transaction', 'transaction');
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(
      decryptResource({ ...resource, ciphertext: bytes.toString('base64') }, KEY),
    ).toBeUndefined();
    expect(decryptResource({ ...resource, associated_data: 'refund' }, KEY)).toBeUndefined();
    expect(decryptResource(resource, 'b1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6')).toBeUndefined();
    expect(decryptResource({ ...resource, ciphertext: 'AA==' }, KEY)).toBeUndefined();
  });
});

describe('WeChat Pay trade statements', () => {
  // As WeChat Pay's 交易账单 (ALL) reads: every field after a backquote, totals at the end.
  const statement = [
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
    '`2026-12-08 10:00:05,`wx1,`1900000001,`0,`,`4200001,`wx_a,`oUp,`NATIVE,`SUCCESS,`OTHERS,`CNY,`100.00,`0.00,`0,`0,`0.00,`0.00,`,`,`Emporium,`,`0.60,`0.60%,`100.00,`0.00,`',
    '`2026-12-08 11:00:00,`wx1,`1900000001,`0,`,`4200001,`wx_a,`oUp,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`5030001,`rf1,`10.00,`0.00,`ORIGINAL,`SUCCESS,`Emporium,`,`0.00,`0.60%,`100.00,`10.00,`',
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
    '`2,`100.00,`10.00,`0.00,`0.60,`100.00,`10.00',
  ].join('\r\n');

  it('reads payments and refunds, leaving the totals out', () => {
    expect(parseWechatBill(statement)).toEqual([
      { type: 'PAYMENT', outTradeNo: 'wx_a', fen: 10_000, feeFen: 60 },
      { type: 'REFUND', outTradeNo: 'wx_a', outRefundNo: 'rf1', fen: 1_000, feeFen: 0 },
    ]);
  });

  it('writes what it reads', () => {
    const text = formatWechatBill([
      {
        at: '2026-12-08 10:00:05',
        appid: 'wx1',
        mchid: '1900000001',
        transactionId: '4200001',
        outTradeNo: 'wx_a',
        state: 'SUCCESS',
        currency: 'CNY',
        totalFen: 10_000,
        feeFen: 60,
        feeRate: '0.60%',
      },
    ]);
    expect(parseWechatBill(text)).toEqual([
      { type: 'PAYMENT', outTradeNo: 'wx_a', fen: 10_000, feeFen: 60 },
    ]);
  });

  it.each([
    ['another file', 'a,b\n1,2'],
    ['a row of another state', statement.replace('`SUCCESS,`OTHERS', '`CLOSED,`OTHERS')],
    ['a row without an amount', statement.replace('`100.00,`0.00,`0,', '`x,`0.00,`0,')],
  ])('refuses %s', (_, text) => expect(typeof parseWechatBill(text)).toBe('string'));
});
