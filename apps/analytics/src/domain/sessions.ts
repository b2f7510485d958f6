import type { BehaviorEventV1 } from '@emporium/contracts';
import { businessDay } from './business-time';

/** A storefront session as the funnel and channel reports see it. */
export interface SessionState {
  readonly firstAt: string | null;
  readonly utmSource: string | null;
  readonly utmCampaign: string | null;
  /** When the utm above was seen: the earliest tagged event wins, whatever the arrival order. */
  readonly utmAt: string | null;
  readonly isBot: boolean;
  readonly viewed: boolean;
  readonly carted: boolean;
  readonly checkout: boolean;
  readonly paidOrders: number;
  readonly paidAmount: number;
}

/** What one session adds to the daily channel rollup (funnel steps, orders, GMV). */
export interface ChannelContribution {
  readonly day: string;
  readonly source: string;
  readonly campaign: string;
  readonly sessions: number;
  readonly viewed: number;
  readonly carted: number;
  readonly checkout: number;
  readonly converted: number;
  readonly orders: number;
  readonly gmv: number;
}

/** Sessions without utm are direct traffic. */
export const DIRECT_SOURCE = '(direct)';
export const NO_CAMPAIGN = '(none)';

/** A session nothing is known about yet (an order can name a session before its events arrive). */
export const EMPTY_SESSION: SessionState = {
  firstAt: null,
  utmSource: null,
  utmCampaign: null,
  utmAt: null,
  isBot: false,
  viewed: false,
  carted: false,
  checkout: false,
  paidOrders: 0,
  paidAmount: 0,
};

const earlier = (a: string | null, b: string): string =>
  a === null || Date.parse(b) < Date.parse(a) ? b : a;

/** The session after new (deduplicated) events; `peakPerSecond` decides the bot flag. */
export function withBehavior(
  session: SessionState,
  events: readonly BehaviorEventV1[],
  isBot: boolean,
): SessionState {
  let next: SessionState = { ...session, isBot: session.isBot || isBot };
  for (const event of events) {
    next = {
      ...next,
      firstAt: earlier(next.firstAt, event.at),
      viewed: next.viewed || event.type === 'PRODUCT_VIEW',
      carted: next.carted || event.type === 'ADD_TO_CART',
      checkout: next.checkout || event.type === 'CHECKOUT_STARTED',
    };
    if (event.utm && (next.utmAt === null || Date.parse(event.at) < Date.parse(next.utmAt))) {
      next = {
        ...next,
        utmSource: event.utm.source,
        utmCampaign: event.utm.campaign ?? null,
        utmAt: event.at,
      };
    }
  }
  return next;
}

/** The session after one of its orders was paid. */
export function withPaidOrder(session: SessionState, amount: number): SessionState {
  return {
    ...session,
    paidOrders: session.paidOrders + 1,
    paidAmount: session.paidAmount + amount,
  };
}

/**
 * What a session counts for in the channel rollup: nothing while it has no events (an order
 * arrived first) or once it looks like a bot. A paid order completes the funnel even without a
 * recorded checkout event, so every later step implies the earlier ones.
 */
export function contributionOf(session: SessionState): ChannelContribution | null {
  if (session.isBot || session.firstAt === null) return null;
  const converted = session.paidOrders > 0 ? 1 : 0;
  const checkout = session.checkout || converted ? 1 : 0;
  const carted = session.carted || checkout ? 1 : 0;
  const viewed = session.viewed || carted ? 1 : 0;
  return {
    day: businessDay(session.firstAt),
    source: session.utmSource ?? DIRECT_SOURCE,
    campaign: session.utmCampaign ?? NO_CAMPAIGN,
    sessions: 1,
    viewed,
    carted,
    checkout,
    converted,
    orders: session.paidOrders,
    gmv: session.paidAmount,
  };
}

/** The rollup changes that move a session from `before` to `after`: remove the old, add the new. */
export function contributionDelta(
  before: SessionState,
  after: SessionState,
): { readonly remove: ChannelContribution | null; readonly add: ChannelContribution | null } {
  const remove = contributionOf(before);
  const add = contributionOf(after);
  if (remove && add && JSON.stringify(remove) === JSON.stringify(add))
    return { remove: null, add: null };
  return { remove, add };
}
