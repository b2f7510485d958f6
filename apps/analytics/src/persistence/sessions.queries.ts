import type { EntityManager } from 'typeorm';
import type { BehaviorEventV1 } from '@emporium/contracts';
import { EMPTY_SESSION, type ChannelContribution, type SessionState } from '../domain/sessions';
import { execute, queryRows, type Db } from '@emporium/platform-persistence';

/** A session's row (`fact_sessions`). */
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

/** Creates the session row if needed, locks it and answers its state; a known customer id stays. */
export async function lockSession(
  tx: EntityManager,
  sessionId: string,
  customerId: string | null,
): Promise<SessionState> {
  // DO UPDATE locks the row, so this one statement both creates and locks it.
  const [row] = await queryRows<SessionRow>(
    tx,
    `INSERT INTO fact_sessions (session_id, customer_id) VALUES ($1, $2)
     ON CONFLICT (session_id) DO UPDATE SET customer_id = COALESCE(fact_sessions.customer_id, excluded.customer_id)
     RETURNING *`,
    [sessionId, customerId],
  );
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

/** Writes a session's whole state. */
export async function saveSession(
  tx: EntityManager,
  sessionId: string,
  s: SessionState,
): Promise<void> {
  await execute(
    tx,
    `UPDATE fact_sessions SET first_at = $2, utm_source = $3, utm_campaign = $4, utm_at = $5, is_bot = $6,
       viewed = $7, carted = $8, checkout = $9, paid_orders = $10, paid_amount = $11
     WHERE session_id = $1`,
    [
      sessionId,
      s.firstAt,
      s.utmSource,
      s.utmCampaign,
      s.utmAt,
      s.isBot,
      s.viewed,
      s.carted,
      s.checkout,
      s.paidOrders,
      s.paidAmount,
    ],
  );
}

/** Adds a session's contribution to its channel's day, or takes it away (`sign` -1). */
export async function addToChannelDaily(
  tx: EntityManager,
  c: ChannelContribution,
  sign: 1 | -1,
): Promise<void> {
  const v = (n: number) => sign * n;
  await execute(
    tx,
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

/**
 * Stores a session's behavior events under their content keys (`keys[i]` is `events[i]`'s);
 * answers the keys not stored before.
 */
export async function insertBehaviorEvents(
  tx: EntityManager,
  sessionId: string,
  customerId: string | null,
  events: readonly BehaviorEventV1[],
  keys: readonly string[],
): Promise<string[]> {
  const inserted = await queryRows<{ event_key: string }>(
    tx,
    `INSERT INTO fact_behavior_events (event_key, session_id, type, product_id, sku, query, customer_id, at)
     SELECT k, $2, t, p, s, q, $3, a
     FROM unnest($1::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[]) AS u(k, t, p, s, q, a)
     ON CONFLICT (event_key) DO NOTHING RETURNING event_key`,
    [
      keys,
      sessionId,
      customerId,
      events.map((e) => e.type),
      events.map((e) => e.productId ?? null),
      events.map((e) => e.sku ?? null),
      events.map((e) => e.query ?? null),
      events.map((e) => e.at),
    ],
  );
  return inserted.map((r) => r.event_key);
}

/** The times of a session's stored behavior events in [from, to). */
export async function sessionEventTimes(
  tx: EntityManager,
  sessionId: string,
  from: Date,
  to: Date,
): Promise<Date[]> {
  const rows = await queryRows<{ at: Date }>(
    tx,
    'SELECT at FROM fact_behavior_events WHERE session_id = $1 AND at >= $2 AND at < $3',
    [sessionId, from, to],
  );
  return rows.map((r) => r.at);
}

/** Sessions rated bot-like, of all time. */
export async function countBotSessions(db: Db): Promise<number> {
  const [row] = await queryRows<{ bots: string }>(
    db,
    'SELECT count(*) AS bots FROM fact_sessions WHERE is_bot',
  );
  return Number(row.bots);
}
