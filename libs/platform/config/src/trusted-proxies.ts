import { EnvError, makeValidator } from 'envalid';
import { isIP } from 'node:net';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, bits, rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * The proxies whose `X-Forwarded-For` is believed: empty for none (false), a hop count (`1`: the
 * one ingress in front), or a comma-separated list of addresses, CIDRs or `loopback`,
 * `linklocal`, `uniquelocal`.
 */
export const trustedProxies = makeValidator<false | number | string[]>((input) => {
  const value = input.trim();
  if (value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const wrong = entries.filter((e) => !isAddressOrCidr(e));
  if (wrong.length > 0)
    throw new EnvError(`not an address, CIDR or hop count: ${wrong.join(', ')}`);
  return entries;
});
