import type { MemberTier, PriorityReasonV1 } from '@emporium/contracts';
import type { Priority, TicketType } from './ticket';

/** Why a ticket got its priority: each rule that fired and its points. */
export type PriorityReason = PriorityReasonV1;

/** What the score looks at. Money in fen, durations in hours. */
export interface PriorityInput {
  readonly type: TicketType;
  readonly text: string;
  readonly orderTotal?: number;
  readonly memberTier?: MemberTier;
  readonly orderStatus?: string;
  /** Hours the order has been in `orderStatus`. */
  readonly hoursInStatus?: number;
}

/** The priority with its score and reasons. */
export interface PriorityScore {
  readonly priority: Priority;
  readonly score: number;
  readonly reasons: readonly PriorityReason[];
}

/**
 * Urgent words, Chinese and English, each with its points. Only the strongest match of a group
 * counts, so a message that repeats "urgent" five times is not five times as urgent.
 */
export const URGENT_WORDS: readonly {
  readonly group: string;
  readonly points: number;
  readonly words: readonly string[];
}[] = [
  {
    group: 'fraud',
    points: 40,
    words: ['骗', '诈骗', '盗刷', 'fraud', 'scam', 'stolen', 'unauthorized', 'unauthorised'],
  },
  {
    group: 'legal',
    points: 35,
    words: [
      '律师',
      '起诉',
      '法院',
      '12315',
      '消协',
      '曝光',
      'lawyer',
      'lawsuit',
      'sue ',
      'police',
      '报警',
    ],
  },
  { group: 'complaint', points: 20, words: ['投诉', 'complain', 'complaint'] },
  {
    group: 'urgent',
    points: 15,
    words: ['紧急', '急', '马上', '立刻', 'urgent', 'asap', 'immediately', 'emergency'],
  },
  {
    group: 'refund',
    points: 15,
    words: ['退款', '退钱', '赔偿', 'refund', 'chargeback', 'compensation', 'money back'],
  },
  {
    group: 'damage',
    points: 10,
    words: ['损坏', '破损', '坏了', '质量问题', 'broken', 'damaged', 'defective', 'missing'],
  },
];

/** Points per ticket type: a complaint outranks a pre-sale question. */
export const TYPE_POINTS: Readonly<Record<TicketType, number>> = {
  COMPLAINT: 20,
  ORDER_ISSUE: 15,
  AFTER_SALE: 10,
  OTHER: 0,
  PRE_SALE: 0,
};

/** Points per member tier. */
export const TIER_POINTS: Readonly<Record<MemberTier, number>> = {
  REGULAR: 0,
  SILVER: 5,
  GOLD: 10,
  PLATINUM: 20,
};

/** Order value bands (fen, inclusive lower bound), highest first. */
export const ORDER_VALUE_POINTS: readonly { readonly from: number; readonly points: number }[] = [
  { from: 1_000_000, points: 25 }, // ¥10,000 and up
  { from: 200_000, points: 15 }, // ¥2,000
  { from: 50_000, points: 5 }, // ¥500
];

/** An order stuck in a status longer than `hours` adds `points`. */
export const STUCK_RULES: readonly {
  readonly status: string;
  readonly hours: number;
  readonly points: number;
}[] = [
  { status: 'PAID', hours: 48, points: 20 },
  { status: 'FULFILLING', hours: 72, points: 15 },
  { status: 'SHIPPED', hours: 168, points: 15 },
  { status: 'RETURN_REQUESTED', hours: 72, points: 10 },
];

/** Score thresholds, inclusive: 60+ is P1, 35+ P2, 15+ P3, else P4. */
export const PRIORITY_THRESHOLDS: readonly { readonly min: number; readonly priority: Priority }[] =
  [
    { min: 60, priority: 'P1' },
    { min: 35, priority: 'P2' },
    { min: 15, priority: 'P3' },
  ];

/** The priority of a ticket: the sum of the rules' points, banded by PRIORITY_THRESHOLDS. */
export function scorePriority(input: PriorityInput): PriorityScore {
  const reasons: PriorityReason[] = [];
  const text = ` ${input.text.toLowerCase()} `;
  for (const group of URGENT_WORDS) {
    const word = group.words.find((w) => text.includes(w.toLowerCase()));
    if (word)
      reasons.push({
        rule: `words.${group.group}`,
        points: group.points,
        detail: `mentions "${word.trim()}"`,
      });
  }
  const typePoints = TYPE_POINTS[input.type];
  if (typePoints) reasons.push({ rule: 'type', points: typePoints, detail: `type ${input.type}` });
  if (input.orderTotal !== undefined) {
    const band = ORDER_VALUE_POINTS.find((b) => input.orderTotal! >= b.from);
    if (band) {
      reasons.push({
        rule: 'order-value',
        points: band.points,
        detail: `order total ${input.orderTotal} fen ≥ ${band.from}`,
      });
    }
  }
  if (input.memberTier) {
    const tierPoints = TIER_POINTS[input.memberTier];
    if (tierPoints)
      reasons.push({
        rule: 'member-tier',
        points: tierPoints,
        detail: `${input.memberTier} member`,
      });
  }
  if (input.orderStatus && input.hoursInStatus !== undefined) {
    const stuck = STUCK_RULES.find(
      (r) => r.status === input.orderStatus && input.hoursInStatus! >= r.hours,
    );
    if (stuck) {
      const hours = Math.floor(input.hoursInStatus);
      reasons.push({
        rule: 'order-stuck',
        points: stuck.points,
        detail: `order ${stuck.status} for ${hours} h (≥ ${stuck.hours} h)`,
      });
    }
  }
  const score = reasons.reduce((sum, r) => sum + r.points, 0);
  const priority = PRIORITY_THRESHOLDS.find((t) => score >= t.min)?.priority ?? 'P4';
  return { priority, score, reasons };
}

/** A short category for the queue: the type, refined by what the text is about. */
export function categorize(type: TicketType, text: string): string {
  const t = text.toLowerCase();
  const topics: readonly [string, readonly string[]][] = [
    ['payment', ['支付', '付款', '扣款', 'payment', 'charged', 'pay ']],
    ['refund', ['退款', '退钱', 'refund']],
    [
      'delivery',
      [
        '物流',
        '快递',
        '配送',
        '发货',
        '送货',
        'delivery',
        'shipping',
        'shipment',
        'courier',
        'parcel',
      ],
    ],
    ['return', ['退货', '换货', 'return', 'exchange']],
    ['product', ['质量', '尺码', '规格', 'quality', 'size', 'product']],
    ['account', ['账号', '登录', '密码', 'account', 'login', 'password']],
  ];
  const topic = topics.find(([, words]) => words.some((w) => t.includes(w)))?.[0];
  return topic ? `${type}/${topic}` : type;
}
