import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Identity } from '@emporium/contracts';
import { REDIS } from '@emporium/platform-redis';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/** A ticket handed out for one order's stream. */
export interface StreamTicket {
  readonly ticket: string;
  readonly expiresAt: string;
}

const TICKET = /^[A-Za-z0-9_-]{43}$/;

/**
 * Single-use tickets that open one order's status stream (`?ticket=`), so that a browser's
 * EventSource need not put the access token in a URL. Kept in Redis (any replica redeems them),
 * under a hash of the ticket, for `GATEWAY_STREAM_TICKET_TTL_SECONDS`.
 */
@Injectable()
export class StreamTickets {
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.prefix = `${config.GATEWAY_REDIS_PREFIX}:stream-ticket:`;
    this.ttlMs = config.GATEWAY_STREAM_TICKET_TTL_SECONDS * 1_000;
  }

  /** A fresh ticket for `user` to open the stream of `orderId`. */
  async issue(user: Identity, orderId: string): Promise<StreamTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlMs).toISOString();
    await this.redis.set(this.keyOf(ticket), JSON.stringify({ orderId, user }), 'PX', this.ttlMs);
    return { ticket, expiresAt };
  }

  /**
   * The identity `ticket` was issued to, when it is known, unexpired and for `orderId`; undefined
   * otherwise. A known ticket is used up either way.
   */
  async redeem(ticket: string, orderId: string): Promise<Identity | undefined> {
    if (!TICKET.test(ticket)) return undefined;
    const stored = await this.redis.getdel(this.keyOf(ticket));
    if (!stored) return undefined;
    const { orderId: issuedFor, user } = JSON.parse(stored) as { orderId: string; user: Identity };
    return issuedFor === orderId ? user : undefined;
  }

  private keyOf(ticket: string): string {
    return this.prefix + createHash('sha256').update(ticket).digest('base64url');
  }
}
