import { Inject, Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { BadRequestError, BusinessRuleError } from '@emporium/contracts';
import { isPrivateAddress } from '../domain/webhooks';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/** Thrown when a webhook host resolves to an address webhooks may not reach. */
export class PrivateAddressError extends Error {}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Keeps webhooks off the platform's own network (SSRF): only http(s) URLs, and every address a
 * host resolves to must be public, checked when a subscription is saved and again, pinned, on
 * every connection (so DNS rebinding gains nothing). `GATEWAY_WEBHOOKS_ALLOW_PRIVATE` lifts the
 * address check for development and tests.
 */
@Injectable()
export class WebhookAddresses {
  private readonly allowPrivate: boolean;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.allowPrivate = config.GATEWAY_WEBHOOKS_ALLOW_PRIVATE;
  }

  /** Refuses a URL that is not http(s) or whose host is (or resolves to) a private address: 422. */
  async check(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new BadRequestError('webhook-url-invalid', `${raw} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new BusinessRuleError('webhook-url-scheme', 'Webhook URLs must be http or https');
    }
    if (this.allowPrivate) return url;
    const host = hostOf(url);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await this.resolve(host)).map((a) => a.address);
    } catch {
      throw new BusinessRuleError('webhook-url-unresolvable', `${host} does not resolve`);
    }
    const refused = addresses.filter(isPrivateAddress);
    if (addresses.length === 0 || refused.length > 0) {
      throw new BusinessRuleError(
        'webhook-url-private',
        `${host} resolves to a private address (${refused.join(', ')})`,
      );
    }
    return url;
  }

  /** Throws when a literal IP host is private (a resolved host is checked by `lookup`). */
  assertLiteralHostAllowed(url: URL): void {
    const host = hostOf(url);
    if (!this.allowPrivate && isIP(host) && isPrivateAddress(host)) {
      throw new PrivateAddressError(`${host} is a private address`);
    }
  }

  /** A `lookup` for http(s).request that refuses private answers, so the checked address is the one connected to. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const refused = addresses.filter((a) => isPrivateAddress(a.address));
        if (!this.allowPrivate && (addresses.length === 0 || refused.length > 0)) {
          callback(new PrivateAddressError(`${hostname} resolves to a private address`), '', 4);
        } else if (options.all) {
          (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };

  private resolve(host: string): Promise<LookupAddress[]> {
    return new Promise((resolve, reject) =>
      dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      ),
    );
  }
}
