import type { PaymentMethod } from './payment-status';

/**
 * Accounts of the payments ledger. Clearing holds what a provider owes us for one method (an
 * asset); revenue is what customers paid; refunds (contra-revenue) what went back; provider fees
 * what the providers kept (an expense).
 */
export type LedgerAccount =
  `provider-clearing:${PaymentMethod}` | 'revenue' | 'refunds' | 'provider-fees';

/** Side of a posting. */
export type Direction = 'DEBIT' | 'CREDIT';

/** What a journal records. */
export type JournalKind = 'CAPTURE' | 'FEE' | 'REFUND';

/** One line of a journal, in minor units (always positive; the direction says which side). */
export interface Posting {
  readonly account: LedgerAccount;
  readonly direction: Direction;
  readonly amount: number;
}

/** A balanced set of postings about one event. */
export interface Journal {
  readonly kind: JournalKind;
  readonly postings: readonly Posting[];
}

/** The clearing account of a method. */
export function clearingAccount(method: PaymentMethod): LedgerAccount {
  return `provider-clearing:${method}`;
}

/**
 * A provider's fee on `amount`: `bps` basis points (60 = 0.6 %), rounded half-up to the fen.
 * Computed in bigint so large amounts stay exact.
 */
export function providerFee(amount: number, bps: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`Bad amount ${amount}`);
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000)
    throw new RangeError(`Bad fee rate ${bps} bps`);
  return Number((BigInt(amount) * BigInt(bps) + 5_000n) / 10_000n);
}

/** Sums of both sides. */
export function sides(postings: readonly Posting[]): { debits: number; credits: number } {
  let debits = 0;
  let credits = 0;
  for (const p of postings) {
    if (p.direction === 'DEBIT') debits += p.amount;
    else credits += p.amount;
  }
  return { debits, credits };
}

/** True when the debits equal the credits. */
export function isBalanced(postings: readonly Posting[]): boolean {
  const { debits, credits } = sides(postings);
  return debits === credits;
}

function journal(kind: JournalKind, postings: Posting[]): Journal {
  if (postings.some((p) => !Number.isSafeInteger(p.amount) || p.amount <= 0)) {
    throw new RangeError(`A ${kind} journal has a posting that is not a positive whole amount`);
  }
  if (!isBalanced(postings)) throw new RangeError(`A ${kind} journal does not balance`);
  return { kind, postings };
}

/** A capture: the provider owes us the money; the customer's payment is revenue. Then its fee. */
export function captureJournals(method: PaymentMethod, amount: number, fee: number): Journal[] {
  // A free order moves no money, so it posts nothing.
  if (amount === 0) return [];
  const clearing = clearingAccount(method);
  const journals = [
    journal('CAPTURE', [
      { account: clearing, direction: 'DEBIT', amount },
      { account: 'revenue', direction: 'CREDIT', amount },
    ]),
  ];
  if (fee > 0) {
    journals.push(
      journal('FEE', [
        { account: 'provider-fees', direction: 'DEBIT', amount: fee },
        { account: clearing, direction: 'CREDIT', amount: fee },
      ]),
    );
  }
  return journals;
}

/** A refund: the money goes back out of the provider's clearing account. Fees are not returned. */
export function refundJournal(method: PaymentMethod, amount: number): Journal {
  return journal('REFUND', [
    { account: 'refunds', direction: 'DEBIT', amount },
    { account: clearingAccount(method), direction: 'CREDIT', amount },
  ]);
}
