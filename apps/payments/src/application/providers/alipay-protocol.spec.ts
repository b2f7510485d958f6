import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
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
