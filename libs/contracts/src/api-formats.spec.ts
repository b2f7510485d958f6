import { isCalendarDate } from './api-formats';

describe('calendar dates', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31', '2026-01-01'])('takes %s', (day) => {
    expect(isCalendarDate(day)).toBe(true);
  });

  it.each(['2026-02-29', '2026-02-31', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-5', 'x'])(
    'refuses %s',
    (day) => {
      expect(isCalendarDate(day)).toBe(false);
    },
  );
});
