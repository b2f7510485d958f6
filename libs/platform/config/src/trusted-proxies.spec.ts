import { ConfigError, loadConfig } from './config';
import { trustedProxies } from './trusted-proxies';

const specs = { PROXIES: trustedProxies({ default: false, desc: 'trusted proxies' }) };

describe('trustedProxies', () => {
  it('trusts no proxy when unset or empty', () => {
    expect(loadConfig(specs, {}).PROXIES).toBe(false);
    expect(loadConfig(specs, { PROXIES: '' }).PROXIES).toBe(false);
  });

  it('reads a hop count', () => {
    expect(loadConfig(specs, { PROXIES: '1' }).PROXIES).toBe(1);
  });

  it('reads addresses, CIDRs and named ranges', () => {
    expect(
      loadConfig(specs, { PROXIES: '10.0.0.0/8, 127.0.0.1,fd00::/8,loopback' }).PROXIES,
    ).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', 'loopback']);
  });

  it.each(['ingress', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1'])(
    'refuses %s, naming the variable',
    (value) => {
      expect(() => loadConfig(specs, { PROXIES: value })).toThrow(ConfigError);
      expect(() => loadConfig(specs, { PROXIES: value })).toThrow(
        /PROXIES: not an address, CIDR or hop count/,
      );
    },
  );
});
