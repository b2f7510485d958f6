import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, NotFoundError, type Identity } from '@emporium/contracts';
import {
  CurrentUser,
  INTERNAL_IDENTITY_HEADER,
  signInternalIdentity,
} from '@emporium/platform-auth';
import { OrderStatusFeed, OrderStatusFeedUnavailable } from '../application/order-status-feed';
import { OrderStreamSlots } from '../application/order-stream-slots';
import { StreamTickets, type StreamTicket } from '../../identity/application/stream-tickets';
import { UpstreamUnavailableError, Upstreams } from '../../edge/application/upstreams';
import { GATEWAY_CONFIG } from '../../tokens';
import { sseFrame } from '../domain/order-status-stream';
import type { GatewayConfig } from '../../config';

const HEARTBEAT_MS = 15_000;
// A stream's place in the per-user cap outlives a few missed renewals, not a dead replica.
const SLOT_LEASE_MS = 3 * HEARTBEAT_MS;

/** `GET /orders/{id}/stream`: Server-Sent Events of an order's status changes. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class OrderStreamController implements BeforeApplicationShutdown {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly feed: OrderStatusFeed,
    private readonly slots: OrderStreamSlots,
    private readonly tickets: StreamTickets,
    private readonly upstreams: Upstreams,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post(':id/stream-ticket')
  @HttpCode(201)
  @ApiOperation({
    summary: "A short-lived, single-use ticket that opens this order's stream (?ticket=)",
  })
  @ApiCreatedResponse({
    description: 'The ticket and when it expires',
    schema: {
      type: 'object',
      required: ['ticket', 'expiresAt'],
      properties: {
        ticket: { type: 'string' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  async ticket(
    @Param('id') id: string,
    @CurrentUser() user: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamTicket> {
    await this.assertVisible(id, user, reply);
    return this.tickets.issue(user, id);
  }

  @Get(':id/stream')
  @ApiOperation({
    summary: "Server-Sent Events of an order's status: one event named status per change",
  })
  @ApiQuery({
    name: 'ticket',
    required: false,
    description: 'From POST /orders/{id}/stream-ticket, for EventSource',
  })
  @ApiQuery({
    name: 'access_token',
    required: false,
    description: 'For EventSource, which cannot send headers (prefer ticket)',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'event: status, data: { status, at, reason? }',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  async stream(
    @Param('id') id: string,
    @CurrentUser() user: Identity,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.assertVisible(id, user, reply);
    const unavailable = () => {
      void reply.header('retry-after', '1');
      return new StreamsUnavailable();
    };
    const slot = await this.slots.acquire(user.userId, SLOT_LEASE_MS).catch(() => {
      throw unavailable();
    });
    if (!slot) {
      void reply.header('retry-after', String(HEARTBEAT_MS / 1_000));
      throw new TooManyStreams(this.config.GATEWAY_ORDER_STREAMS_PER_USER);
    }
    // Subscribed before the answer starts, so no change between the two is missed.
    const frames: string[] = [];
    let write = (frame: string) => void frames.push(frame);
    let unsubscribe: () => Promise<void>;
    try {
      unsubscribe = await this.feed.subscribe(id, (update) => write(sseFrame(update)));
    } catch (error) {
      await slot.release().catch(() => undefined); // the lease runs out by itself
      if (error instanceof OrderStatusFeedUnavailable) throw unavailable();
      throw error;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': stream open\n\n');
    // Only a status counts as activity: the pings keep proxies from cutting the line, and a
    // stream that heard nothing for the idle time ends (EventSource reconnects if still wanted).
    const idleMs = this.config.GATEWAY_ORDER_STREAM_IDLE_SECONDS * 1_000;
    let idle = setTimeout(() => raw.end(), idleMs);
    write = (frame) => {
      raw.write(frame);
      clearTimeout(idle);
      idle = setTimeout(() => raw.end(), idleMs);
    };
    for (const frame of frames) write(frame);
    const heartbeat = setInterval(() => {
      raw.write(': ping\n\n');
      slot.renew().catch(() => undefined); // a lost renewal only lets the lease run out sooner
    }, HEARTBEAT_MS);
    this.open.add(raw);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.open.delete(raw);
      clearInterval(heartbeat);
      clearTimeout(idle);
      void unsubscribe();
      slot.release().catch(() => undefined); // the lease runs out by itself
    };
    request.raw.once('close', close);
    raw.once('close', close);
  }

  /** Ends open streams before the server drains (clients reconnect, to another replica). */
  beforeApplicationShutdown(): void {
    for (const raw of this.open) raw.end();
  }

  // The orders service decides what the caller may see: another customer's order is a 404 there.
  private async assertVisible(id: string, user: Identity, reply: FastifyReply): Promise<void> {
    const unavailable = () => {
      void reply.header('retry-after', '5');
      return new OrdersUnavailable();
    };
    let status: number;
    try {
      const answer = await this.upstreams.send('orders', {
        method: 'GET',
        path: `/orders/${encodeURIComponent(id)}`,
        headers: {
          accept: 'application/json',
          [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
            user,
            this.config.INTERNAL_AUTH_SECRET,
          ),
        },
      });
      status = answer.status;
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) throw unavailable();
      throw error;
    }
    if (status === 404 || status === 403 || status === 400) {
      throw new NotFoundError('order-not-found', 'No such order');
    }
    if (status >= 300) throw unavailable();
  }
}

/** The caller already holds as many streams as a user may (answered as 429). */
class TooManyStreams extends DomainError {
  readonly status = 429;
  constructor(cap: number) {
    super('too-many-streams', `At most ${cap} order streams may be open at once; close one first`);
  }
}

/** The orders service could not say whether the caller may see the order (answered as 503). */
class OrdersUnavailable extends DomainError {
  readonly status = 503;
  constructor() {
    super('service-unavailable', 'The orders service is unavailable');
  }
}

/** Redis, which counts streams and carries their changes, did not answer (503, retry shortly). */
class StreamsUnavailable extends DomainError {
  readonly status = 503;
  constructor() {
    super('service-unavailable', 'Order streams are unavailable for a moment; retry shortly');
  }
}
