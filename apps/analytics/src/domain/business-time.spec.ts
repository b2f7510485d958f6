import { BadRequestError } from '@emporium/contracts';
import {
  addDays,
  businessDay,
  daysBetween,
  dayIn,
  monthCover,
  parseRange,
  resolveTimeZone,
  startOfBusinessDay,
  startOfDayIn,
} from './business-time';

describe('business time (Asia/Shanghai)', () => {
  it('puts 16:30 UTC on the next Shanghai day', () => {
    expect(businessDay('2026-11-24T16:30:00Z')).toBe('2026-11-25');
    expect(businessDay('2026-11-24T15:59:59Z')).toBe('2026-11-24');
  });

  it('starts a business day at 16:00 UTC the day before', () => {
    expect(startOfBusinessDay('2026-11-25').toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('reads date bounds as inclusive business days', () => {
    const range = parseRange('2026-11-01', '2026-11-30', new Date('2026-12-05T00:00:00Z'));
    expect(range.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect([range.fromDay, range.toDay]).toEqual(['2026-11-01', '2026-11-30']);
  });

  it('reads date-time bounds as instants, to inclusive', () => {
    const range = parseRange('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', new Date());
    expect(range.to.toISOString()).toBe('2026-11-02T00:00:00.001Z');
    expect([range.fromDay, range.toDay]).toEqual(['2026-11-01', '2026-11-02']);
  });

  it('defaults to the last 30 business days including today', () => {
    const range = parseRange(undefined, undefined, new Date('2026-11-24T20:00:00Z'));
    expect([range.fromDay, range.toDay]).toEqual(['2026-10-27', '2026-11-25']);
  });

  it('refuses a reversed or malformed period', () => {
    expect(() => parseRange('2026-11-30', '2026-11-01', new Date())).toThrow(BadRequestError);
    expect(() => parseRange('2026-02-30', undefined, new Date())).toThrow(BadRequestError);
    expect(() => parseRange('yesterday', undefined, new Date())).toThrow(BadRequestError);
  });

  it('counts calendar days', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });

  describe('monthCover', () => {
    it('reads a year through its whole months and the days on either side', () => {
      expect(monthCover('2025-11-26', '2026-11-25')).toEqual({
        months: ['2025-12-01', '2026-10-01'],
        days: [
          ['2025-11-26', '2025-11-30'],
          ['2026-11-01', '2026-11-25'],
        ],
      });
    });

    it('needs no days when the period is whole months (a leap February included)', () => {
      expect(monthCover('2028-01-01', '2028-02-29')).toEqual({
        months: ['2028-01-01', '2028-02-01'],
        days: [],
      });
    });

    it('keeps a period inside one month, or across a month end, as days', () => {
      expect(monthCover('2026-11-03', '2026-11-20')).toEqual({
        months: null,
        days: [['2026-11-03', '2026-11-20']],
      });
      expect(monthCover('2026-10-20', '2026-11-10')).toEqual({
        months: null,
        days: [['2026-10-20', '2026-11-10']],
      });
    });

    it('takes a whole month at the start and days after it', () => {
      expect(monthCover('2026-02-01', '2026-03-05')).toEqual({
        months: ['2026-02-01', '2026-02-01'],
        days: [['2026-03-01', '2026-03-05']],
      });
    });
  });

  describe('other time zones (tz=)', () => {
    it('reads dates as days of the zone asked for, a daylight-saving day 25 hours long', () => {
      // Berlin leaves summer time on 2026-10-25: 00:00 is UTC+2, the next midnight UTC+1.
      const range = parseRange(
        '2026-10-25',
        '2026-10-25',
        new Date('2026-11-01T00:00:00Z'),
        30,
        'Europe/Berlin',
      );
      expect(range.from.toISOString()).toBe('2026-10-24T22:00:00.000Z');
      expect(range.to.toISOString()).toBe('2026-10-25T23:00:00.000Z');
      expect([range.fromDay, range.toDay, range.timeZone]).toEqual([
        '2026-10-25',
        '2026-10-25',
        'Europe/Berlin',
      ]);
    });

    it('ends the default period on the zone’s today', () => {
      // 03:00 UTC on 25 November is still the 24th in New York (UTC−5).
      const range = parseRange(
        undefined,
        undefined,
        new Date('2026-11-25T03:00:00Z'),
        7,
        'America/New_York',
      );
      expect([range.fromDay, range.toDay]).toEqual(['2026-11-18', '2026-11-24']);
      expect(range.to.toISOString()).toBe('2026-11-25T05:00:00.000Z');
    });

    it('finds days and midnights in zones with odd offsets', () => {
      expect(startOfDayIn('2026-11-25', 'Asia/Kolkata').toISOString()).toBe(
        '2026-11-24T18:30:00.000Z',
      );
      expect(dayIn(new Date('2026-11-24T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-11-24');
      expect(dayIn(new Date('2026-11-24T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-25');
      expect(startOfDayIn('2026-11-25', 'Asia/Shanghai')).toEqual(startOfBusinessDay('2026-11-25'));
    });

    it('spells zones canonically and refuses unknown ones', () => {
      expect(resolveTimeZone(undefined)).toBe('Asia/Shanghai');
      expect(resolveTimeZone('europe/berlin')).toBe('Europe/Berlin');
      expect(() => resolveTimeZone('Mars/Olympus_Mons')).toThrow(BadRequestError);
    });
  });
});
