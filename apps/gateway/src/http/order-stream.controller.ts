import { Controller, Get, Inject, Param, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, NotFoundError, type Identity } from '@emporium/contracts';
import { CurrentUser, INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { OrderStatusFeed } from '../application/order-status-feed';
import { UpstreamUnavailableError, Upstreams } from '../application/upstreams';
import { GATEWAY_CONFIG } from '../application/tokens';
import { sseFrame } from '../domain/order-status-stream';
import type { GatewayConfig } from '../config';

const HEARTBEAT_MS = 15_000;

/** `GET /orders/{id}/stream`: Server-Sent Events of an order's status changes. */
@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/v1/orders')
export class OrderStreamController implements BeforeApplicationShutdown {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly feed: OrderStatusFeed,
    private readonly upstreams: Upstreams,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get(':id/stream')
  @ApiOperation({ summary: "Server-Sent Events of an order's status: one event named status per change" })
  @ApiQuery({ name: 'access_token', required: false, description: "For EventSource, which cannot send headers" })
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
    // Subscribed before the answer starts, so no change between the two is missed.
    const frames: string[] = [];
    let write = (frame: string) => void frames.push(frame);
    const unsubscribe = await this.feed.subscribe(id, (update) => write(sseFrame(update)));
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
    write = (frame) => void raw.write(frame);
    for (const frame of frames) write(frame);
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    this.open.add(raw);
    request.raw.once('close', () => {
      this.open.delete(raw);
      clearInterval(heartbeat);
      void unsubscribe();
    });
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
          [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(user, this.config.INTERNAL_AUTH_SECRET),
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

/** The orders service could not say whether the caller may see the order (answered as 503). */
class OrdersUnavailable extends DomainError {
  readonly status = 503;
  constructor() {
    super('service-unavailable', 'The orders service is unavailable');
  }
}
