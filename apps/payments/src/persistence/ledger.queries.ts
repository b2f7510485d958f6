import type { EntityManager } from 'typeorm';
import { execute, queryRows } from '@emporium/platform-persistence';
import type { Journal } from '../domain/ledger';
import type { PaymentMethod } from '../domain/payment-status';

/** What a journal is about: the payment, its order and method, the refund if one. */
export interface JournalSubject {
  readonly paymentId: string;
  readonly orderId: string;
  readonly refundId: string | null;
  readonly method: PaymentMethod;
  readonly currency: string;
}

/** Writes a journal of the ledger with its postings. */
export async function insertJournal(
  tx: EntityManager,
  subject: JournalSubject,
  journal: Journal,
): Promise<void> {
  const [entry] = await queryRows<{ id: string }>(
    tx,
    `INSERT INTO ledger_entries (kind, payment_id, order_id, refund_id, method, currency)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      journal.kind,
      subject.paymentId,
      subject.orderId,
      subject.refundId,
      subject.method,
      subject.currency,
    ],
  );
  const values = journal.postings.map(
    (_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`,
  );
  await execute(
    tx,
    `INSERT INTO postings (entry_id, account, direction, posting_amount) VALUES ${values.join(', ')}`,
    [entry.id, ...journal.postings.flatMap((x) => [x.account, x.direction, x.amount])],
  );
}
