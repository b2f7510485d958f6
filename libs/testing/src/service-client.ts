import { randomUUID } from 'node:crypto';
import type { Identity, MemberTier } from '@emporium/contracts';
import { identityHeaders } from './identity';

/** Who calls a service in a test: the identity the gateway would sign for them. */
export type Caller = Identity;

/** A new customer (member tier REGULAR unless told). */
export const aCustomer = (memberTier: MemberTier = 'REGULAR'): Caller => ({
  userId: randomUUID(),
  roles: ['customer'],
  memberTier,
});

/** A new merchant. */
export const aMerchant = (): Caller => ({ userId: randomUUID(), roles: ['merchant'] });

/** A new support agent. */
export const anAgent = (): Caller => ({ userId: randomUUID(), roles: ['agent'] });

/** A service's answer: status, headers and the body, parsed when it is JSON (else its text). */
export interface ServiceReply<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string | null;
  readonly body: T;
}

/** Calls one service over real HTTP, as the gateway would: JSON in, JSON out. */
export interface ServiceClient {
  /** `body` goes as JSON (a string goes as it is); `headers` are added last. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ServiceReply<T>>;
  /** The same client calling as `caller` (the signed identity header), or anonymously when undefined. */
  as(caller: Identity | undefined): ServiceClient;
}

/**
 * A client of the service at `url`; `secret` signs the identity of `.as(caller)` as the gateway
 * would (the services' INTERNAL_AUTH_SECRET).
 */
export function serviceClient(url: string, secret?: string, caller?: Identity): ServiceClient {
  return {
    async call(method, path, body, headers = {}) {
      const identity = caller ? await identityHeaders(signable(caller), required(secret)) : {};
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...identity,
          ...headers,
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        contentType: res.headers.get('content-type'),
        body: parse(text),
      };
    },
    as: (next) => serviceClient(url, secret, next),
  };
}

// Callers often hold their roles in a readonly tuple; the signer wants a plain identity.
const signable = (caller: Identity): Identity => ({ ...caller, roles: [...caller.roles] });

function required(secret: string | undefined): string {
  if (!secret) throw new Error('serviceClient(url, secret): a secret is needed to call as someone');
  return secret;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller names the body's type
function parse(text: string): any {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
