import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** One route the gateway's HTTP server answers. */
export interface ServedRoute {
  readonly method: string;
  readonly url: string;
}

/**
 * Records every route registered on the server (Nest controllers and raw proxy routes alike), so
 * a test can prove that each one is documented. Built before any route exists.
 */
@Injectable()
export class ServedRoutes {
  private readonly routes: ServedRoute[] = [];

  constructor(adapterHost: HttpAdapterHost) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRoute', (options) => {
      const methods = Array.isArray(options.method) ? options.method : [options.method];
      for (const method of methods) this.routes.push({ method: String(method), url: options.url });
    });
  }

  /** Every route served so far. */
  get all(): readonly ServedRoute[] {
    return this.routes;
  }
}
