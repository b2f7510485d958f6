import { categorize, scorePriority, type PriorityInput } from './priority';

const base: PriorityInput = { type: 'OTHER', text: '' };

describe('scorePriority', () => {
  it.each<[string, PriorityInput, string]>([
    [
      'a plain pre-sale question (zh)',
      { ...base, type: 'PRE_SALE', text: '这款手机有蓝色吗？' },
      'P4',
    ],
    [
      'a plain pre-sale question (en)',
      { ...base, type: 'PRE_SALE', text: 'Does this phone come in blue?' },
      'P4',
    ],
    ['a refund request (zh)', { ...base, type: 'AFTER_SALE', text: '我要退款' }, 'P3'],
    ['a refund request (en)', { ...base, type: 'AFTER_SALE', text: 'I want a refund' }, 'P3'],
    ['an urgent complaint (zh)', { ...base, type: 'COMPLAINT', text: '紧急！我要投诉' }, 'P2'],
    [
      'an urgent complaint (en)',
      { ...base, type: 'COMPLAINT', text: 'URGENT: I want to complain' },
      'P2',
    ],
    [
      'fraud on a big order by a platinum member (zh)',
      {
        ...base,
        type: 'ORDER_ISSUE',
        text: '被骗了，盗刷',
        orderTotal: 1_200_000,
        memberTier: 'PLATINUM',
      },
      'P1',
    ],
    [
      'fraud with legal threat (en)',
      { ...base, type: 'COMPLAINT', text: 'This is fraud, my lawyer will call' },
      'P1',
    ],
    [
      'an order paid 3 days ago and not shipped',
      { ...base, type: 'ORDER_ISSUE', text: '还没发货', orderStatus: 'PAID', hoursInStatus: 72 },
      'P2',
    ],
    [
      'an order paid yesterday',
      {
        ...base,
        type: 'ORDER_ISSUE',
        text: 'not shipped yet',
        orderStatus: 'PAID',
        hoursInStatus: 20,
      },
      'P3',
    ],
  ])('gives %s %s', (_, input, expected) => {
    expect(scorePriority(input).priority).toBe(expected);
  });

  it('ranks a complaint above a pre-sale question with the same words', () => {
    const complaint = scorePriority({ ...base, type: 'COMPLAINT', text: 'hello' });
    const preSale = scorePriority({ ...base, type: 'PRE_SALE', text: 'hello' });
    expect(complaint.score).toBeGreaterThan(preSale.score);
  });

  it('counts a word group once however often it is repeated', () => {
    const once = scorePriority({ ...base, text: 'urgent' });
    const many = scorePriority({ ...base, text: 'urgent urgent URGENT asap 紧急' });
    expect(many.score).toBe(once.score);
  });

  it('adds points for order value bands and member tiers', () => {
    const small = scorePriority({ ...base, orderTotal: 10_000 }).score;
    const mid = scorePriority({ ...base, orderTotal: 300_000 }).score;
    const big = scorePriority({ ...base, orderTotal: 1_000_000 }).score;
    expect([small, mid, big]).toEqual([0, 15, 25]);
    expect(scorePriority({ ...base, memberTier: 'GOLD' }).score).toBeGreaterThan(
      scorePriority({ ...base, memberTier: 'REGULAR' }).score,
    );
  });

  it('explains every point it gives', () => {
    const result = scorePriority({
      type: 'COMPLAINT',
      text: '投诉 退款',
      orderTotal: 250_000,
      memberTier: 'SILVER',
      orderStatus: 'PAID',
      hoursInStatus: 50,
    });
    expect(result.reasons.map((r) => r.rule)).toEqual([
      'words.complaint',
      'words.refund',
      'type',
      'order-value',
      'member-tier',
      'order-stuck',
    ]);
    expect(result.reasons.reduce((n, r) => n + r.points, 0)).toBe(result.score);
    expect(result.reasons.find((r) => r.rule === 'order-stuck')?.detail).toContain('PAID for 50 h');
  });
});

describe('categorize', () => {
  it('refines the type by topic in either language', () => {
    expect(categorize('ORDER_ISSUE', '快递还没到')).toBe('ORDER_ISSUE/delivery');
    expect(categorize('AFTER_SALE', 'I want a refund')).toBe('AFTER_SALE/refund');
    expect(categorize('OTHER', 'hello')).toBe('OTHER');
  });
});
