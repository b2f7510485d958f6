import {
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Public } from '@emporium/platform-auth';
import { ProviderWebhooksService } from '../application/provider-webhooks.service';

/** Providers report asynchronously here; the signature over the raw bytes is the authentication. */
@Controller('webhooks/payments')
export class WebhooksController {
  constructor(private readonly webhooks: ProviderWebhooksService) {}

  @Public()
  @Post(':provider')
  @HttpCode(200)
  receive(
    @Param('provider') provider: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ) {
    return this.webhooks.receive(provider, headers, request.rawBody ?? '');
  }
}
