import { averageAmount, csvLine, funnelOf, rate } from './report-math';

describe('report arithmetic', () => {
  it('gives rates as fractions and 0 over nothing', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(5, 0)).toBe(0);
  });

  it('rounds an average amount half up to the fen', () => {
    expect(averageAmount(10001, 2)).toBe(5001);
    expect(averageAmount(10000, 3)).toBe(3333);
    expect(averageAmount(0, 0)).toBe(0);
  });

  it('rates each funnel step against the one before and the first', () => {
    const [sessions, views, cart, checkout, paid] = funnelOf([10, 8, 4, 2, 1]);
    expect(sessions).toEqual({ step: 'sessions', count: 10, rate: 1, overallRate: 1 });
    expect(views.rate).toBe(0.8);
    expect(cart).toMatchObject({ rate: 0.5, overallRate: 0.4 });
    expect(checkout.rate).toBe(0.5);
    expect(paid).toEqual({ step: 'paid', count: 1, rate: 0.5, overallRate: 0.1 });
  });

  it('quotes CSV fields that need it', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 12900])).toBe('a,"b,c","say ""hi""",,12900\r\n');
  });

  it('writes text that starts like a formula with a leading single quote', () => {
    expect(csvLine(['=1+1', '+1', '-A1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("u","x")'])).toBe(
      `'=1+1,'+1,'-A1,'@SUM(A1),'\tx,"'\rx","'=HYPERLINK(""u"",""x"")"\r\n`,
    );
  });

  it('leaves numbers, negative ones included, as numbers', () => {
    expect(csvLine([-12, '-12.5', 'a=b', 0])).toBe('-12,-12.5,a=b,0\r\n');
  });
});
