import type { Money } from '@emporium/contracts';

/**
 * True when a captured amount pays the order in full: same currency, at least the total. Anything
 * less never marks an order PAID (a provider could report 1 fen for a ¥200 order).
 */
export function paysInFull(total: Money, captured: Money): boolean {
  return captured.currency === total.currency && captured.amount >= total.amount;
}
