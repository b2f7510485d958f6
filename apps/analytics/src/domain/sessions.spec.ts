import type { BehaviorEventV1 } from '@emporium/contracts';
import {
  EMPTY_SESSION,
  contributionDelta,
  contributionOf,
  withBehavior,
  withPaidOrder,
} from './sessions';

const at = (time: string) => `2026-11-24T${time}Z`;
const ev = (
  type: BehaviorEventV1['type'],
  time: string,
  utm?: BehaviorEventV1['utm'],
): BehaviorEventV1 => ({
  type,
  sessionId: 's1',
  productId: 'p1',
  at: at(time),
  ...(utm ? { utm } : {}),
});

describe('sessions in the funnel and channels', () => {
  it('keeps the utm of the earliest tagged event, whatever the arrival order', () => {
    const late = withBehavior(
      EMPTY_SESSION,
      [ev('PAGE_VIEW', '10:00:00', { source: 'weibo', campaign: 'b' })],
      false,
    );
    const both = withBehavior(
      late,
      [ev('PAGE_VIEW', '09:00:00', { source: 'douyin', campaign: 'a' })],
      false,
    );
    expect([both.utmSource, both.utmCampaign, both.firstAt]).toEqual([
      'douyin',
      'a',
      at('09:00:00'),
    ]);
  });

  it('counts a session once per step it reached', () => {
    const s = withBehavior(
      EMPTY_SESSION,
      [ev('PRODUCT_VIEW', '01:00:00'), ev('ADD_TO_CART', '01:01:00')],
      false,
    );
    expect(contributionOf(s)).toMatchObject({
      day: '2026-11-24',
      source: '(direct)',
      sessions: 1,
      viewed: 1,
      carted: 1,
      checkout: 0,
      converted: 0,
    });
  });

  it('treats a paid order as having gone through every step', () => {
    const s = withPaidOrder(withBehavior(EMPTY_SESSION, [ev('PAGE_VIEW', '01:00:00')], false), 500);
    expect(contributionOf(s)).toMatchObject({
      viewed: 1,
      carted: 1,
      checkout: 1,
      converted: 1,
      orders: 1,
      gmv: 500,
    });
  });

  it('counts nothing for a session known only from an order, nor for a bot', () => {
    expect(contributionOf(withPaidOrder(EMPTY_SESSION, 500))).toBeNull();
    expect(
      contributionOf(withBehavior(EMPTY_SESSION, [ev('PAGE_VIEW', '01:00:00')], true)),
    ).toBeNull();
  });

  it('takes back what a session counted once it turns out to be a bot', () => {
    const human = withBehavior(EMPTY_SESSION, [ev('PAGE_VIEW', '01:00:00')], false);
    const bot = withBehavior(human, [ev('PAGE_VIEW', '01:00:01')], true);
    expect(contributionDelta(human, bot)).toEqual({ remove: contributionOf(human), add: null });
  });

  it('changes nothing when the contribution stays the same', () => {
    const s = withBehavior(EMPTY_SESSION, [ev('PAGE_VIEW', '01:00:00')], false);
    expect(contributionDelta(s, withBehavior(s, [ev('SEARCH', '01:05:00')], false))).toEqual({
      remove: null,
      add: null,
    });
  });
});
