import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { money } from '@emporium/contracts';
import {
  CustomerProfileEntity,
  OrderViewEntity,
  PaymentViewEntity,
  ShipmentViewEntity,
} from '../persistence/read-models.entity';
import { customerLifetime } from '../persistence/read-models.queries';
import { TicketEntity } from '../persistence/ticket.entity';

const RECENT = 50;

/** Everything the desk knows about a customer, from its own event-fed read models. */
@Injectable()
export class OverviewService {
  constructor(private readonly db: DataSource) {}

  async overview(customerId: string) {
    const [profile, orders, payments, shipments, tickets, totals] = await Promise.all([
      this.db.getRepository(CustomerProfileEntity).findOneBy({ id: customerId }),
      this.db.getRepository(OrderViewEntity).find({
        where: { customerId },
        order: { placedAt: { direction: 'DESC', nulls: 'LAST' }, id: 'ASC' },
        take: RECENT,
      }),
      this.db
        .getRepository(PaymentViewEntity)
        .find({ where: { customerId }, order: { updatedAt: 'DESC' }, take: RECENT }),
      this.db
        .getRepository(ShipmentViewEntity)
        .find({ where: { customerId }, order: { updatedAt: 'DESC' }, take: RECENT }),
      this.db
        .getRepository(TicketEntity)
        .find({ where: { customerId }, order: { createdAt: 'DESC' }, take: RECENT }),
      customerLifetime(this.db, customerId),
    ]);
    return {
      customerId,
      profile: profile
        ? {
            name: profile.name,
            email: profile.email,
            registeredAt: profile.registeredAt?.toISOString() ?? null,
          }
        : null,
      memberTier: profile?.memberTier ?? null,
      lifetimeValue: money(totals.paid - totals.refunded),
      paidTotal: money(totals.paid),
      refundedTotal: money(totals.refunded),
      orderCount: totals.orders,
      orders: orders.map((o) => ({
        id: o.id,
        number: o.number,
        status: o.status,
        total: o.totalAmount === null ? null : money(o.totalAmount),
        itemCount: o.itemCount,
        placedAt: o.placedAt?.toISOString() ?? null,
        paidAt: o.paidAt?.toISOString() ?? null,
        cancelReason: o.cancelReason,
      })),
      payments: payments.map((p) => ({
        id: p.id,
        orderId: p.orderId,
        method: p.method,
        status: p.status,
        amount: p.amount === null ? null : money(p.amount),
        refunded: money(p.refundedAmount),
        capturedAt: p.capturedAt?.toISOString() ?? null,
      })),
      shipments: shipments.map((s) => ({
        id: s.id,
        orderId: s.orderId,
        kind: s.kind,
        status: s.status,
        carrier: s.carrier,
        trackingNumber: s.trackingNumber,
      })),
      tickets: tickets.map((t) => ({
        id: t.id,
        number: t.number,
        subject: t.subject,
        type: t.type,
        status: t.status,
        priority: t.priority,
        createdAt: t.createdAt.toISOString(),
      })),
    };
  }
}
