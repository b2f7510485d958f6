import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BehaviorEventV1 } from '@emporium/contracts';
import {
  EMPTY_SESSION,
  contributionDelta,
  withBehavior,
  withPaidOrder,
  type ChannelContribution,
  type SessionState,
} from '../domain/sessions';

interface SessionRow {
  first_at: Date | null;
  utm_source: string | null;
  utm_campaign: string | null;
  utm_at: Date | null;
  is_bot: boolean;
  viewed: boolean;
  carted: boolean;
  checkout: boolean;
  paid_orders: number;
  paid_amount: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Sessions and the daily channel rollup (which is also the funnel). A session's contribution is
 * recomputed from its whole state on every change and the rollup moves by the difference, so late,
 * reordered and bot-revealing events all end in the same numbers.
 */
@Injectable()
export class SessionsService {
  /** Applies new, deduplicated behavior events of one session. */
  async addBehavior(
    tx: EntityManager,
    sessionId: string,
    customerId: string | undefined,
    events: readonly BehaviorEventV1[],
    isBot: boolean,
  ): Promise<void> {
    const before = await this.lock(tx, sessionId, customerId);
    await this.save(tx, sessionId, before, withBehavior(before, events, isBot));
  }

  /** Counts a paid order for the session it came from. */
  async addPaidOrder(tx: EntityManager, sessionId: string, amount: number): Promise<void> {
    const before = await this.lock(tx, sessionId);
    await this.save(tx, sessionId, before, withPaidOrder(before, amount));
  }

  private async lock(
    tx: EntityManager,
    sessionId: string,
    customerId?: string,
  ): Promise<SessionState> {
    // DO UPDATE locks the row, so this one statement both creates and locks it.
    const [row] = (await tx.query(
      `INSERT INTO fact_sessions (session_id, customer_id) VALUES ($1, $2)
       ON CONFLICT (session_id) DO UPDATE SET customer_id = COALESCE(fact_sessions.customer_id, excluded.customer_id)
       RETURNING *`,
      [sessionId, customerId ?? null],
    )) as SessionRow[];
    if (!row) return EMPTY_SESSION;
    return {
      firstAt: iso(row.first_at),
      utmSource: row.utm_source,
      utmCampaign: row.utm_campaign,
      utmAt: iso(row.utm_at),
      isBot: row.is_bot,
      viewed: row.viewed,
      carted: row.carted,
      checkout: row.checkout,
      paidOrders: row.paid_orders,
      paidAmount: Number(row.paid_amount),
    };
  }

  private async save(
    tx: EntityManager,
    sessionId: string,
    before: SessionState,
    after: SessionState,
  ) {
    await tx.query(
      `UPDATE fact_sessions SET first_at = $2, utm_source = $3, utm_campaign = $4, utm_at = $5, is_bot = $6,
         viewed = $7, carted = $8, checkout = $9, paid_orders = $10, paid_amount = $11
       WHERE session_id = $1`,
      [
        sessionId,
        after.firstAt,
        after.utmSource,
        after.utmCampaign,
        after.utmAt,
        after.isBot,
        after.viewed,
        after.carted,
        after.checkout,
        after.paidOrders,
        after.paidAmount,
      ],
    );
    const { remove, add } = contributionDelta(before, after);
    if (remove) await this.addToRollup(tx, remove, -1);
    if (add) await this.addToRollup(tx, add, 1);
  }

  private addToRollup(tx: EntityManager, c: ChannelContribution, sign: 1 | -1) {
    const v = (n: number) => sign * n;
    return tx.query(
      `INSERT INTO agg_channel_daily AS a
         (day, utm_source, utm_campaign, sessions, viewed, carted, checkout, converted, orders, gmv)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (day, utm_source, utm_campaign) DO UPDATE SET
         sessions = a.sessions + excluded.sessions, viewed = a.viewed + excluded.viewed,
         carted = a.carted + excluded.carted, checkout = a.checkout + excluded.checkout,
         converted = a.converted + excluded.converted, orders = a.orders + excluded.orders,
         gmv = a.gmv + excluded.gmv`,
      [
        c.day,
        c.source,
        c.campaign,
        v(c.sessions),
        v(c.viewed),
        v(c.carted),
        v(c.checkout),
        v(c.converted),
        v(c.orders),
        v(c.gmv),
      ],
    );
  }
}
