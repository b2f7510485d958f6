import type { EntityManager } from 'typeorm';
import { execute, queryRow, queryRows } from '@emporium/platform-persistence';
import type { PointsLot } from '../domain/points';
import { PointsEntryEntity } from './points-entry.entity';

/** The customer's lots with points left; with `lock`, locked until `tx` ends. */
export async function openLots(
  db: EntityManager,
  customerId: string,
  { lock = false } = {},
): Promise<PointsLot[]> {
  const rows = await queryRows<{ id: string; remaining: number; expires_at: Date }>(
    db,
    `SELECT id, remaining, expires_at FROM points_ledger
      WHERE customer_id = $1 AND remaining > 0 ORDER BY expires_at${lock ? ' FOR UPDATE' : ''}`,
    [customerId],
  );
  return rows.map((r) => ({ id: r.id, remaining: r.remaining, expiresAt: r.expires_at }));
}

/** The id of the lot `orderId` earned, if it was credited. */
export async function lotOfOrder(tx: EntityManager, orderId: string): Promise<string | undefined> {
  const row = await queryRow<{ id: string }>(
    tx,
    `SELECT id FROM points_ledger WHERE order_id = $1 AND kind = 'EARNED'`,
    [orderId],
  );
  return row?.id;
}

/** Draws `points` off lot `id`. */
export async function drawLot(tx: EntityManager, id: string, points: number): Promise<void> {
  await execute(tx, 'UPDATE points_ledger SET remaining = remaining - $2 WHERE id = $1', [
    id,
    points,
  ]);
}

/** Customers holding lots past their expiry, at most `limit` of them. */
export async function customersWithExpiredLots(
  db: EntityManager,
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows = await queryRows<{ customer_id: string }>(
    db,
    `SELECT DISTINCT customer_id FROM points_ledger
      WHERE remaining > 0 AND expires_at <= $1 LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.customer_id);
}

/** A member's balance: the sum of every movement. */
export async function pointsBalance(tx: EntityManager, customerId: string): Promise<number> {
  const row = await queryRow<{ balance: string }>(
    tx,
    'SELECT coalesce(sum(points), 0) AS balance FROM points_ledger WHERE customer_id = $1',
    [customerId],
  );
  return Number(row?.balance ?? 0);
}

/** Paid orders whose points are not credited yet: what they earn and what of them was refunded. */
export async function uncreditedOrders(
  tx: EntityManager,
  customerId: string,
): Promise<{ points: number; paid: number; refunded: number }[]> {
  const rows = await queryRows<{ points: number; paid_amount: string; refunded_amount: string }>(
    tx,
    `SELECT points, paid_amount, refunded_amount FROM member_paid_orders
      WHERE customer_id = $1 AND points_credited_at IS NULL AND points > 0`,
    [customerId],
  );
  return rows.map((r) => ({
    points: r.points,
    paid: Number(r.paid_amount),
    refunded: Number(r.refunded_amount),
  }));
}

/** The customer's latest movements, newest first. */
export function recentEntries(
  db: EntityManager,
  customerId: string,
  limit: number,
): Promise<PointsEntryEntity[]> {
  return db.find(PointsEntryEntity, { where: { customerId }, order: { id: 'DESC' }, take: limit });
}
