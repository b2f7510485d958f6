import type { EntityManager } from 'typeorm';
import { execute, queryRows } from '@emporium/platform-persistence';
import { MemberEntity } from './member.entity';

/** An order as it counts towards its customer's spend (fen) and the points it will earn. */
export interface PaidOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly points: number;
}

/** Records a paid order; false when it was recorded before, which changes nothing. */
export async function insertPaidOrder(tx: EntityManager, order: PaidOrder): Promise<boolean> {
  const inserted = await queryRows<{ order_id: string }>(
    tx,
    `INSERT INTO member_paid_orders (order_id, customer_id, paid_amount, points)
     VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
    [order.orderId, order.customerId, order.amount, order.points],
  );
  return inserted.length > 0;
}

/** The customer's member row, created with no spend on first use, locked until `tx` ends. */
export async function lockMember(tx: EntityManager, customerId: string): Promise<MemberEntity> {
  await execute(
    tx,
    'INSERT INTO members (customer_id) VALUES ($1) ON CONFLICT (customer_id) DO NOTHING',
    [customerId],
  );
  return (await tx.findOne(MemberEntity, {
    where: { customerId },
    lock: { mode: 'pessimistic_write' },
  }))!;
}
