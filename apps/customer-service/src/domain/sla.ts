import type { Priority } from './ticket';

/** Targets of one priority, in minutes of service time. */
export interface SlaTarget {
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
}

/** When the support desk works, in local time of a fixed UTC offset. */
export interface BusinessHours {
  /** Minutes east of UTC; Asia/Shanghai is +480 all year (China has no daylight saving time). */
  readonly utcOffsetMinutes: number;
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** `HH:MM`, local. */
  readonly start: string;
  /** `HH:MM`, local; after `start`. */
  readonly end: string;
  /** Local dates (`YYYY-MM-DD`) not worked, e.g. public holidays. */
  readonly holidays: readonly string[];
}

/** The whole SLA policy: targets per priority, the working week, and priorities served 24×7. */
export interface SlaPolicy {
  readonly targets: Readonly<Record<Priority, SlaTarget>>;
  readonly businessHours: BusinessHours;
  readonly alwaysOn: readonly Priority[];
}

/** Defaults: Mon–Fri 09:00–18:00 Asia/Shanghai; P1 counts around the clock. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  targets: {
    P1: { firstResponseMinutes: 30, resolutionMinutes: 240 },
    P2: { firstResponseMinutes: 120, resolutionMinutes: 540 },
    P3: { firstResponseMinutes: 240, resolutionMinutes: 1_620 },
    P4: { firstResponseMinutes: 480, resolutionMinutes: 2_700 },
  },
  businessHours: {
    utcOffsetMinutes: 480,
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
    holidays: [],
  },
  alwaysOn: ['P1'],
};

const MINUTE = 60_000;
const DAY = 86_400_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Checks a policy read from configuration; throws a readable error when it cannot work. */
export function validateSlaPolicy(policy: SlaPolicy): SlaPolicy {
  const { businessHours: bh } = policy;
  const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!hhmm.test(bh.start) || !hhmm.test(bh.end) || minutesOf(bh.end) <= minutesOf(bh.start)) {
    throw new RangeError('business hours need HH:MM start before end');
  }
  if (!bh.days.length || bh.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new RangeError('business days are ISO weekdays 1..7, at least one');
  }
  for (const p of ['P1', 'P2', 'P3', 'P4'] as const) {
    const t = policy.targets[p];
    if (!t || !(t.firstResponseMinutes > 0) || !(t.resolutionMinutes >= t.firstResponseMinutes)) {
      throw new RangeError(
        `SLA target ${p} needs firstResponseMinutes > 0 and resolutionMinutes ≥ it`,
      );
    }
  }
  return policy;
}

/**
 * `minutes` of working time after `from`: time outside business hours (nights, weekends, holidays)
 * does not count. A start outside hours counts from the next opening.
 */
export function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours): Date {
  const offset = hours.utcOffsetMinutes * MINUTE;
  const open = minutesOf(hours.start) * MINUTE;
  const close = minutesOf(hours.end) * MINUTE;
  let local = from.getTime() + offset; // wall-clock time expressed as if it were UTC
  let left = minutes * MINUTE;
  // Bounded: a year of closed days means the configuration is wrong, not that we should spin.
  for (let i = 0; i < 366 * 3; i++) {
    const dayStart = Math.floor(local / DAY) * DAY;
    const day = new Date(dayStart);
    const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
    const worked =
      hours.days.includes(isoWeekday) && !hours.holidays.includes(day.toISOString().slice(0, 10));
    if (worked) {
      const begin = Math.max(local, dayStart + open);
      const end = dayStart + close;
      if (begin < end) {
        if (left <= end - begin) return new Date(begin + left - offset);
        left -= end - begin;
      }
    }
    local = dayStart + DAY;
  }
  throw new RangeError('no business hours within three years');
}

/** The first-response and resolution deadlines of a ticket opened at `openedAt`. */
export function slaDeadlines(
  policy: SlaPolicy,
  priority: Priority,
  openedAt: Date,
): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const target = policy.targets[priority];
  if (policy.alwaysOn.includes(priority)) {
    return {
      firstResponseDueAt: new Date(openedAt.getTime() + target.firstResponseMinutes * MINUTE),
      resolutionDueAt: new Date(openedAt.getTime() + target.resolutionMinutes * MINUTE),
    };
  }
  return {
    firstResponseDueAt: addBusinessMinutes(
      openedAt,
      target.firstResponseMinutes,
      policy.businessHours,
    ),
    resolutionDueAt: addBusinessMinutes(openedAt, target.resolutionMinutes, policy.businessHours),
  };
}
