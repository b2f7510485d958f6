import { BadRequestError } from '@emporium/contracts';
import { addDays, businessDay, daysBetween, parseRange, startOfBusinessDay } from './business-time';

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
});
