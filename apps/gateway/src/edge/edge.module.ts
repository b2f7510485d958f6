import { Global, Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { RateLimiterService } from './application/rate-limiter.service';
import { Upstreams } from './application/upstreams';
import { GatewayEdge } from './http/edge';
import { EdgeAuthenticator } from './http/edge-authenticator';
import { OpenApiController } from './http/openapi/openapi.controller';
import { OpenApiDocument } from './http/openapi/openapi.service';
import { ServedRoutes } from './http/openapi/served-routes';
import { Proxy } from './http/proxy';

/**
 * The public API's edge: CORS, end-user authentication, rate limits, the routes of API.md proxied
 * to their services, and the OpenAPI document of all of it. Global, so that the platform's
 * identity guard authenticates the gateway's own routes with the edge's `EdgeAuthenticator`.
 */
@Global()
@Module({
  imports: [IdentityModule],
  controllers: [OpenApiController],
  providers: [
    EdgeAuthenticator,
    RateLimiterService,
    Upstreams,
    Proxy,
    GatewayEdge,
    ServedRoutes,
    OpenApiDocument,
  ],
  exports: [Upstreams, EdgeAuthenticator],
})
export class EdgeModule {}
