import {
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ProviderWebhooksService } from '../application/provider-webhooks.service';

/** Providers report asynchronously here; the signature over the raw bytes is the authentication. */
@Controller('webhooks/payments')
export class WebhooksController {
  constructor(private readonly webhooks: ProviderWebhooksService) {}

  @Public()
  @Post(':provider')
  @ApiBody({
    description: "The provider's own event, signed as the provider signs it",
    schema: { type: 'object', additionalProperties: true },
  })
  @HttpCode(200)
  @Answers('ProviderWebhookReceipt')
  receive(
    @Param('provider') provider: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ) {
    return this.webhooks.receive(provider, headers, request.rawBody ?? '');
  }
}
