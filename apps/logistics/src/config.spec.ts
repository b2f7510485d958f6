import { ConfigError } from '@emporium/platform-config';
import { loadLogisticsConfig } from './config';

describe('logistics configuration', () => {
  it('holds a store pickup for 7 days by default and looks for expired ones every minute', () => {
    const config = loadLogisticsConfig({ NODE_ENV: 'development' });
    expect(config.LOGISTICS_PICKUP_WINDOW_DAYS).toBe(7);
    expect(config.LOGISTICS_SWEEP_INTERVAL_MS).toBe(60_000);
  });

  it('takes a pickup window in fractions of a day', () => {
    expect(
      loadLogisticsConfig({ NODE_ENV: 'development', LOGISTICS_PICKUP_WINDOW_DAYS: '0.5' })
        .LOGISTICS_PICKUP_WINDOW_DAYS,
    ).toBe(0.5);
  });

  it.each(['0', '-1'])('refuses a pickup window of %s days', (days) => {
    expect(() =>
      loadLogisticsConfig({ NODE_ENV: 'development', LOGISTICS_PICKUP_WINDOW_DAYS: days }),
    ).toThrow(ConfigError);
    expect(() =>
      loadLogisticsConfig({ NODE_ENV: 'development', LOGISTICS_PICKUP_WINDOW_DAYS: days }),
    ).toThrow('LOGISTICS_PICKUP_WINDOW_DAYS');
  });

  it('refuses a sweep interval under 100 ms', () => {
    expect(() =>
      loadLogisticsConfig({ NODE_ENV: 'development', LOGISTICS_SWEEP_INTERVAL_MS: '10' }),
    ).toThrow('LOGISTICS_SWEEP_INTERVAL_MS');
  });
});
