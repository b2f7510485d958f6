import {
  addBusinessMinutes,
  DEFAULT_SLA_POLICY,
  slaDeadlines,
  validateSlaPolicy,
  type BusinessHours,
} from './sla';

const hours = DEFAULT_SLA_POLICY.businessHours; // Mon–Fri 09:00–18:00, UTC+8
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('addBusinessMinutes (Asia/Shanghai, Mon–Fri 09:00–18:00)', () => {
  it('counts within the same working day', () => {
    expect(addBusinessMinutes(shanghai('2026-11-25T10:00:00'), 120, hours)).toEqual(
      shanghai('2026-11-25T12:00:00'),
    );
  });

  it('carries over the night to the next morning', () => {
    // Wednesday 17:00 + 2 h: one hour today, one from 09:00 Thursday.
    expect(addBusinessMinutes(shanghai('2026-11-25T17:00:00'), 120, hours)).toEqual(
      shanghai('2026-11-26T10:00:00'),
    );
  });

  it('starts at the opening when opened in the night', () => {
    expect(addBusinessMinutes(shanghai('2026-11-25T23:30:00'), 30, hours)).toEqual(
      shanghai('2026-11-26T09:30:00'),
    );
    expect(addBusinessMinutes(shanghai('2026-11-26T03:00:00'), 30, hours)).toEqual(
      shanghai('2026-11-26T09:30:00'),
    );
  });

  it('skips the weekend', () => {
    // Friday 2026-11-27 17:30 + 1 h: 30 min Friday, 30 min Monday 2026-11-30.
    expect(addBusinessMinutes(shanghai('2026-11-27T17:30:00'), 60, hours)).toEqual(
      shanghai('2026-11-30T09:30:00'),
    );
    // Opened on Saturday: counts from Monday 09:00.
    expect(addBusinessMinutes(shanghai('2026-11-28T11:00:00'), 240, hours)).toEqual(
      shanghai('2026-11-30T13:00:00'),
    );
  });

  it('spans several days and skips holidays', () => {
    const withHoliday: BusinessHours = { ...hours, holidays: ['2026-11-26'] };
    // 3 working days of 9 h from Wednesday 09:00 with Thursday off: Wed, Fri, Mon → Monday 18:00.
    expect(addBusinessMinutes(shanghai('2026-11-25T09:00:00'), 3 * 540, withHoliday)).toEqual(
      shanghai('2026-11-30T18:00:00'),
    );
  });

  it('is exact at the closing time', () => {
    expect(addBusinessMinutes(shanghai('2026-11-25T09:00:00'), 540, hours)).toEqual(
      shanghai('2026-11-25T18:00:00'),
    );
  });
});

describe('slaDeadlines', () => {
  it('counts P1 around the clock and the others in business hours', () => {
    const saturdayNight = shanghai('2026-11-28T22:00:00');
    const p1 = slaDeadlines(DEFAULT_SLA_POLICY, 'P1', saturdayNight);
    expect(p1.firstResponseDueAt).toEqual(shanghai('2026-11-28T22:30:00'));
    const p3 = slaDeadlines(DEFAULT_SLA_POLICY, 'P3', saturdayNight);
    expect(p3.firstResponseDueAt).toEqual(shanghai('2026-11-30T13:00:00'));
    expect(p3.resolutionDueAt.getTime()).toBeGreaterThan(p3.firstResponseDueAt.getTime());
  });

  it('refuses a policy that cannot work', () => {
    expect(() =>
      validateSlaPolicy({
        ...DEFAULT_SLA_POLICY,
        businessHours: { ...hours, start: '18:00', end: '09:00' },
      }),
    ).toThrow(RangeError);
    expect(() =>
      validateSlaPolicy({ ...DEFAULT_SLA_POLICY, businessHours: { ...hours, days: [] } }),
    ).toThrow(RangeError);
  });
});
