import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, NotFoundError, isStaff, type Identity } from '@emporium/contracts';
import { OrderLineEntity } from '../persistence/order-line.entity';
import { OrderEntity } from '../persistence/order.entity';
import type { OrderStatus } from '../domain/order-status';

/** An order with its lines. */
export interface OrderWithLines {
  readonly order: OrderEntity;
  readonly lines: readonly OrderLineEntity[];
}

/** What `GET /orders` may filter by. */
export interface OrderListQuery {
  readonly status?: OrderStatus;
  readonly customerId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Reads of orders: a customer sees their own, staff see all; anything else is a 404. */
@Injectable()
export class OrderQueries {
  constructor(private readonly db: DataSource) {}

  async find(id: string, caller: Identity): Promise<OrderWithLines> {
    const order = await this.db.getRepository(OrderEntity).findOneBy({ id });
    if (!order || !(order.customerId === caller.userId || isStaff(caller))) {
      throw new NotFoundError('order-not-found', `No order ${id}`);
    }
    return { order, lines: await this.linesOf([id]).then((m) => m.get(id) ?? []) };
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async list(
    caller: Identity,
    query: OrderListQuery,
  ): Promise<{ items: OrderWithLines[]; nextCursor: string | null }> {
    const staff = isStaff(caller);
    const qb = this.db.getRepository(OrderEntity).createQueryBuilder('o');
    if (!staff) qb.andWhere('o.customer_id = :me', { me: caller.userId });
    else if (query.customerId)
      qb.andWhere('o.customer_id = :customerId', { customerId: query.customerId });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    const after = decodeCursor(query.cursor);
    if (after) qb.andWhere('(o.created_at, o.id) < (:at, :id)', after);
    const rows = await qb
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const lines = await this.linesOf(page.map((o) => o.id));
    const last = page[page.length - 1];
    return {
      items: page.map((order) => ({ order, lines: lines.get(order.id) ?? [] })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  private async linesOf(orderIds: readonly string[]): Promise<Map<string, OrderLineEntity[]>> {
    const byOrder = new Map<string, OrderLineEntity[]>();
    if (orderIds.length === 0) return byOrder;
    const lines = await this.db
      .getRepository(OrderLineEntity)
      .createQueryBuilder('l')
      .where('l.order_id = ANY(:ids)', { ids: orderIds })
      .orderBy('l.line_no', 'ASC')
      .getMany();
    for (const line of lines)
      byOrder.set(line.orderId, [...(byOrder.get(line.orderId) ?? []), line]);
    return byOrder;
  }
}

function encodeCursor(order: OrderEntity): string {
  return Buffer.from(JSON.stringify([order.createdAt.toISOString(), order.id])).toString(
    'base64url',
  );
}

// Exactly what encodeCursor writes (toISOString of a real instant): anything else would reach
// Postgres as a timestamp or uuid it cannot read, a 500 instead of a 400.
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isCursorKey = (at: unknown, id: unknown): boolean =>
  typeof at === 'string' &&
  typeof id === 'string' &&
  CURSOR_AT.test(at) &&
  !Number.isNaN(Date.parse(at)) &&
  CURSOR_ID.test(id);

function decodeCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(parsed) && parsed.length === 2 && isCursorKey(parsed[0], parsed[1])) {
      return { at: parsed[0] as string, id: parsed[1] as string };
    }
  } catch {
    // fall through: a malformed cursor is bad input
  }
  throw new BadRequestError('cursor-invalid', 'The cursor is not valid');
}
