import { captureJournals, isBalanced, providerFee, refundJournal, sides } from './ledger';

describe('ledger', () => {
  it('rounds the 0.6 % fee half-up to the fen', () => {
    expect(providerFee(10_000, 60)).toBe(60);
    expect(providerFee(250, 60)).toBe(2); // 1.5 → 2
    expect(providerFee(249, 60)).toBe(1); // 1.494 → 1
    expect(providerFee(83, 60)).toBe(0); // 0.498 → 0
    expect(providerFee(0, 60)).toBe(0);
    expect(providerFee(Number.MAX_SAFE_INTEGER, 60)).toBe(54_043_195_528_446); // exact: …445.946
  });

  it('refuses a fee rate outside 0–100 %', () => {
    expect(() => providerFee(100, -1)).toThrow(RangeError);
    expect(() => providerFee(100, 10_001)).toThrow(RangeError);
  });

  it('balances every capture, fee and refund journal', () => {
    for (const amount of [1, 83, 250, 12_900, 9_999_999]) {
      const fee = providerFee(amount, 60);
      const journals = [
        ...captureJournals('ALIPAY_SANDBOX', amount, fee),
        refundJournal('ALIPAY_SANDBOX', amount),
      ];
      for (const j of journals) expect(isBalanced(j.postings)).toBe(true);
      const all = journals.flatMap((j) => j.postings);
      expect(sides(all)).toEqual({ debits: amount * 2 + fee, credits: amount * 2 + fee });
    }
  });

  it('posts the capture to the method’s clearing account and the fee out of it', () => {
    const [capture, fee] = captureJournals('WECHAT_SANDBOX', 10_000, 60);
    expect(capture.postings).toEqual([
      { account: 'provider-clearing:WECHAT_SANDBOX', direction: 'DEBIT', amount: 10_000 },
      { account: 'revenue', direction: 'CREDIT', amount: 10_000 },
    ]);
    expect(fee.postings).toEqual([
      { account: 'provider-fees', direction: 'DEBIT', amount: 60 },
      { account: 'provider-clearing:WECHAT_SANDBOX', direction: 'CREDIT', amount: 60 },
    ]);
  });

  it('posts no fee journal when the fee rounds to zero', () => {
    expect(captureJournals('SANDBOX_CARD', 50, providerFee(50, 60)).map((j) => j.kind)).toEqual([
      'CAPTURE',
    ]);
  });

  it('posts nothing for a free order', () => {
    expect(captureJournals('SANDBOX_CARD', 0, 0)).toEqual([]);
  });

  it('detects an unbalanced set of postings', () => {
    expect(isBalanced([{ account: 'revenue', direction: 'CREDIT', amount: 1 }])).toBe(false);
  });
});
