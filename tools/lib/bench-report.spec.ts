// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper of the bench runner
const { benchReport } = require('./bench-report.cjs') as {
  benchReport: (
    lines: object[],
    meta: { date: string; machine: string; target?: string },
  ) => string;
};

describe('benchReport', () => {
  it('puts each scenario on a row with its numbers, its baseline and the ratio', () => {
    const report = benchReport(
      [
        {
          bench: 'logistics',
          scenario: 'shipping-quote',
          requestsPerSecond: 160,
          p99Ms: 40,
          baseline: { name: 'raw node:http', requestsPerSecond: 9000 },
          ratio: 0.018,
        },
        {
          bench: 'checkout',
          scenario: 'journey',
          checkoutsPerSecond: 8,
          placeToPaid: { p50Ms: 1800 },
        },
      ],
      { date: '2026-11-25', machine: '2 cores' },
    );
    expect(report).toContain(
      '| logistics | shipping-quote | requestsPerSecond 160, p99Ms 40 | name raw node:http, requestsPerSecond 9000 | 0.018 |',
    );
    expect(report).toContain(
      '| checkout | journey | checkoutsPerSecond 8, placeToPaid.p50Ms 1800 |  |  |',
    );
    expect(report.startsWith('# Benchmarks, 2026-11-25')).toBe(true);
  });

  it('names the running platform it loaded when EMPORIUM_URL was set', () => {
    const line = {
      bench: 'platform',
      scenario: 'product-list',
      requestsPerSecond: 900,
      baseline: { requestsPerSecond: 9000 },
      ratio: 0.1,
    };
    expect(benchReport([line], { date: '2026-11-25', machine: '2 cores' })).not.toContain(
      'EMPORIUM_URL',
    );
    expect(
      benchReport([line], {
        date: '2026-11-25',
        machine: '2 cores',
        target: 'http://127.0.0.1:3000',
      }),
    ).toContain('Platform: the one running at http://127.0.0.1:3000 (EMPORIUM_URL)');
  });
});
