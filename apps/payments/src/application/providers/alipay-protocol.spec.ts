import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { gbk, zip } from '../../simulators/statement-files';
import {
  alipaySigningContent,
  alipayTimestamp,
  fenToYuan,
  readAlipayAnswer,
  readForm,
  signAlipayParams,
  signedAlipayAnswer,
  rsa2Verify,
  yuanToFen,
  formatAlipayBill,
  parseAlipayBill,
  alipayStatementText,
  decodeStatementText,
  readZip,
} from './alipay-protocol';

const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('Alipay amounts', () => {
  it('writes fen as yuan with two decimals and reads them back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
      }),
    );
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [12_900, '129.00'],
    [12_905, '129.05'],
  ])('writes %i fen as "%s"', (fen, yuan) => expect(fenToYuan(fen)).toBe(yuan));

  it.each(['129', '129.0', '129.000', '-1.00', '01.00', '1,00', ' 1.00', '1e2', ''])(
    'refuses "%s" as an amount',
    (yuan) => expect(yuanToFen(yuan)).toBeUndefined(),
  );
});

describe('Alipay signatures', () => {
  it('signs the parameters sorted by name, empty ones and the signature left out', () => {
    expect(alipaySigningContent({ b: '2', a: '1', c: '', sign: 'x', biz: '{"k":"v"}' })).toBe(
      'a=1&b=2&biz={"k":"v"}',
    );
    expect(alipaySigningContent({ sign_type: 'RSA2', a: '1' }, ['sign', 'sign_type'])).toBe('a=1');
  });

  it('verifies what was signed and nothing changed afterwards', () => {
    const signed = signAlipayParams({ app_id: '1', total_amount: '1.00' }, alipay.privateKey);
    const content = alipaySigningContent(signed);
    expect(rsa2Verify(content, signed.sign, alipay.publicKey)).toBe(true);
    expect(rsa2Verify(content.replace('1.00', '9.00'), signed.sign, alipay.publicKey)).toBe(false);
    expect(rsa2Verify(content, signed.sign, other.publicKey)).toBe(false);
    expect(rsa2Verify(content, 'not base64!', alipay.publicKey)).toBe(false);
  });

  it('reads an answer whose signature covers the exact response text', () => {
    const text = signedAlipayAnswer(
      'alipay.trade.query',
      { code: '10000', total_amount: '1.00' },
      alipay.privateKey,
    );
    expect(readAlipayAnswer('alipay.trade.query', text, alipay.publicKey)).toEqual({
      code: '10000',
      total_amount: '1.00',
    });
  });

  it('refuses an answer changed after signing, or signed by another key', () => {
    const text = signedAlipayAnswer('alipay.trade.query', { code: '10000' }, alipay.privateKey);
    expect(() =>
      readAlipayAnswer('alipay.trade.query', text.replace('10000', '10001'), alipay.publicKey),
    ).toThrow(/signature/);
    expect(() => readAlipayAnswer('alipay.trade.query', text, other.publicKey)).toThrow(
      /signature/,
    );
    expect(() => readAlipayAnswer('alipay.trade.close', text, alipay.publicKey)).toThrow();
  });
});

describe('Alipay forms and times', () => {
  it('refuses a form naming a parameter twice', () => {
    expect(readForm('a=1&b=2')).toEqual({ a: '1', b: '2' });
    expect(readForm('a=1&a=2')).toBeUndefined();
  });

  it('writes times in China time', () => {
    expect(alipayTimestamp(new Date('2026-12-07T16:30:05Z'))).toBe('2026-12-08 00:30:05');
  });
});

describe('Alipay trade statements', () => {
  // As Alipay's 业务明细 reads: comment lines, tab-padded text fields, the fee kept as negative.
  const statement = [
    '#支付宝业务明细查询',
    '#账号：[20880000000000000156]',
    '#起始日期：[2026年12月08日 00:00:00]   终止日期：[2026年12月09日 00:00:00]',
    '#-----------------------------------------业务明细列表----------------------------------------',
    '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
    '2026120822001400000000000001\t,ali_a\t,交易\t,Emporium\t,2026-12-08 10:00:00,2026-12-08 10:00:05,,,,,buyer***@example.com,129.00,129.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.77,0.00,',
    '2026120822001400000000000001\t,ali_a\t,退款\t,Emporium\t,2026-12-08 11:00:00,2026-12-08 11:00:01,,,,,buyer***@example.com,-29.00,-29.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,rf1\t,0.00,0.00,',
    '#-----------------------------------------业务明细列表结束------------------------------------',
    '#交易合计：1笔，商家实收共129.00元，商家优惠共0.00元',
    '#导出时间：[2026年12月09日 09:00:00]',
  ].join('\r\n');

  it('reads payments and refunds with their references, amounts and the fee kept', () => {
    expect(parseAlipayBill(statement)).toEqual([
      { type: 'PAYMENT', outTradeNo: 'ali_a', fen: 12_900, feeFen: 77 },
      { type: 'REFUND', outTradeNo: 'ali_a', refundRequestNo: 'rf1', fen: 2_900, feeFen: 0 },
    ]);
  });

  it('writes what it reads', () => {
    const rows = parseAlipayBill(
      formatAlipayBill('2088', '2026-12-08', '2026-12-09', [
        {
          tradeNo: 't1',
          outTradeNo: 'ali_a',
          type: '交易',
          createdAt: '2026-12-08 10:00:00',
          finishedAt: '2026-12-08 10:00:05',
          fen: 12_900,
          feeFen: 77,
        },
      ]),
    );
    expect(rows).toEqual([{ type: 'PAYMENT', outTradeNo: 'ali_a', fen: 12_900, feeFen: 77 }]);
  });

  it.each([
    ['another file', 'a,b\n1,2'],
    ['a row without an amount', statement.replace('129.00,129.00', 'abc,129.00')],
    ['a row of another type', statement.replace('交易\t', '转账\t')],
  ])('refuses %s', (_, text) => expect(typeof parseAlipayBill(text)).toBe('string'));
});

describe('Alipay statement files', () => {
  const csv = '#支付宝业务明细查询\r\n支付宝交易号,商户订单号\r\n';

  it('reads the 业务明细 CSV out of the zip Alipay serves, decoding GBK', () => {
    const archive = zip([
      { name: '2088_20261208_业务明细(汇总).csv', data: gbk('#汇总') },
      { name: '2088_20261208_业务明细.csv', data: gbk(csv) },
    ]);
    expect(readZip(archive).map((f) => f.name)).toEqual([
      '2088_20261208_业务明细(汇总).csv',
      '2088_20261208_业务明细.csv',
    ]);
    expect(alipayStatementText(archive)).toBe(csv);
  });

  it('takes a CSV given as it is, in GBK or UTF-8', () => {
    expect(alipayStatementText(gbk(csv))).toBe(csv);
    expect(alipayStatementText(Buffer.from(csv, 'utf8'))).toBe(csv);
    expect(decodeStatementText(gbk('商家实收（元）'))).toBe('商家实收（元）');
  });

  it('refuses an archive without the trade lines, or a damaged one', () => {
    expect(() => alipayStatementText(zip([{ name: 'other.csv', data: gbk(csv) }]))).toThrow(
      /业务明细/,
    );
    const archive = zip([{ name: '业务明细.csv', data: gbk(csv) }]);
    expect(() => readZip(archive.subarray(0, archive.length - 30))).toThrow();
  });
});
