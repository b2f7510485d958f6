import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError, type Identity } from '@emporium/contracts';
import type { Authenticator } from '@emporium/platform-auth';
import { AccessTokens } from '../../identity/application/access-tokens';
import { StreamTickets } from '../../identity/application/stream-tickets';
import { API_PREFIX } from './api-prefix';

/** Probes and metrics: anonymous, whatever they carry, and never rate limited. */
export const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);
const ORDER_STREAM = /^\/api\/v1\/orders\/([^/?]+)\/stream(?:\?|$)/;

/** The path of a request URL, without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? match[1] : '';
  }
  // Browsers' EventSource cannot send headers: the order stream also takes ?access_token=.
  if (request.method === 'GET' && ORDER_STREAM.test(request.url)) {
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof token === 'string') return token;
  }
  return undefined;
}

/** The `?ticket=` of an order stream request without an Authorization header, and the order's id. */
function streamTicketOf(request: FastifyRequest): { ticket: string; orderId: string } | undefined {
  if (request.method !== 'GET' || request.headers.authorization !== undefined) return undefined;
  const match = ORDER_STREAM.exec(request.url);
  const ticket = (request.query as Record<string, unknown> | undefined)?.ticket;
  if (!match || typeof ticket !== 'string') return undefined;
  try {
    return { ticket, orderId: decodeURIComponent(match[1]) };
  } catch {
    return { ticket, orderId: match[1] };
  }
}

/** The 401 of a stream ticket that does not open the stream (no Bearer challenge goes with it). */
export const INVALID_TICKET = 'invalid-ticket';

/**
 * The gateway's authenticator, for its own routes and the ones it proxies alike: the end user's
 * Bearer access token (`?access_token=` on an order stream), or a single-use stream ticket.
 * The identity header a service trusts is never read here: the edge drops it from outside.
 */
@Injectable()
export class EdgeAuthenticator implements Authenticator {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly tickets: StreamTickets,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Identity | undefined> {
    const path = pathOf(request.url);
    if (UNLIMITED.has(path)) return undefined;
    // On /auth/* the credential is in the body; a stale access token there must not get in the way.
    const token = path.startsWith(`${API_PREFIX}/auth/`) ? undefined : bearerOf(request);
    const streamTicket = token === undefined ? streamTicketOf(request) : undefined;
    if (streamTicket) {
      const identity = await this.tickets.redeem(streamTicket.ticket, streamTicket.orderId);
      if (!identity) {
        throw new UnauthorizedError(
          INVALID_TICKET,
          'The stream ticket is unknown, used, expired or for another order',
        );
      }
      return identity;
    }
    return token === undefined ? undefined : this.accessTokens.verify(token);
  }
}
