import fc from 'fast-check';
import {
  matchStatement,
  type RecordedCapture,
  type RecordedRefund,
  type StatementLine,
} from './statements';

const capture = (n: number, amount = 12_900, fee = 77): RecordedCapture => ({
  paymentId: `p${n}`,
  providerRef: `ref${n}`,
  amount,
  fee,
});
const refund = (n: number, amount = 2_900): RecordedRefund => ({
  refundId: `r${n}`,
  paymentId: `p${n}`,
  providerRef: `ref${n}`,
  refundRef: `rf${n}`,
  amount,
});
const paid = (c: RecordedCapture): StatementLine => ({
  kind: 'PAYMENT',
  providerRef: c.providerRef,
  amount: c.amount,
  fee: c.fee,
});
const refunded = (r: RecordedRefund): StatementLine => ({
  kind: 'REFUND',
  providerRef: r.providerRef,
  refundRef: r.refundRef,
  amount: r.amount,
  fee: 0,
});

describe('matchStatement', () => {
  it('matches every line of a statement that says what the ledger says', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (ids, amount) => {
          const captures = ids.map((n) => capture(n, amount, Math.round(amount * 0.006)));
          const refunds = ids.filter((n) => n % 2 === 0).map((n) => refund(n, 1));
          const lines = [...refunds.map(refunded), ...captures.map(paid)].reverse();
          expect(matchStatement(lines, captures, refunds)).toEqual({
            matched: captures.length + refunds.length,
            mismatches: [],
          });
        },
      ),
    );
  });

  it('reports a capture the statement lacks', () => {
    expect(matchStatement([], [capture(1)], []).mismatches).toEqual([
      {
        kind: 'MISSING_IN_STATEMENT',
        lineKind: 'PAYMENT',
        reference: 'ref1',
        providerRef: 'ref1',
        paymentId: 'p1',
        ours: 12_900,
      },
    ]);
  });

  it('reports a line the ledger lacks, naming the payment when one has that reference', () => {
    const lines = [paid(capture(1)), paid(capture(2))];
    const { mismatches } = matchStatement(lines, [], [], (ref) =>
      ref === 'ref2' ? 'p2' : undefined,
    );
    expect(mismatches).toEqual([
      {
        kind: 'MISSING_IN_LEDGER',
        lineKind: 'PAYMENT',
        reference: 'ref1',
        providerRef: 'ref1',
        theirs: 12_900,
      },
      {
        kind: 'MISSING_IN_LEDGER',
        lineKind: 'PAYMENT',
        reference: 'ref2',
        providerRef: 'ref2',
        paymentId: 'p2',
        theirs: 12_900,
      },
    ]);
  });

  it.each([
    [
      'another amount',
      { ...paid(capture(1)), amount: 12_800 },
      { kind: 'AMOUNT', ours: 12_900, theirs: 12_800 },
    ],
    ['another fee', { ...paid(capture(1)), fee: 129 }, { kind: 'FEE', ours: 77, theirs: 129 }],
  ])('reports %s on a capture', (_, line, expected) => {
    expect(matchStatement([line], [capture(1)], []).mismatches).toEqual([
      expect.objectContaining({ ...expected, paymentId: 'p1', reference: 'ref1' }),
    ]);
  });

  it('matches refunds by their own reference, summing a refund split over lines', () => {
    const r = refund(1, 2_900);
    const lines = [
      { ...refunded(r), amount: 1_000 },
      { ...refunded(r), amount: 1_900 },
    ];
    expect(matchStatement(lines, [], [r])).toEqual({ matched: 1, mismatches: [] });
    expect(matchStatement([refunded(r)], [], [refund(1, 3_000)]).mismatches).toEqual([
      expect.objectContaining({
        kind: 'AMOUNT',
        lineKind: 'REFUND',
        reference: 'rf1',
        refundId: 'r1',
      }),
    ]);
    expect(matchStatement([], [], [r]).mismatches).toEqual([
      expect.objectContaining({ kind: 'MISSING_IN_STATEMENT', lineKind: 'REFUND', ours: 2_900 }),
    ]);
  });
});
