import {
  Controller,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  type RawBodyRequest,
} from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderWebhookReceipt } from '@emporium/contracts';
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
  async receive(
    @Param('provider') provider: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProviderWebhookReceipt | string> {
    const receipt = await this.webhooks.receive(provider, headers, request.rawBody ?? '');
    // Alipay and WeChat Pay stop repeating a notification only when answered their own way.
    const answer = this.webhooks.answerOf(provider);
    if (!answer) return receipt;
    void reply.type(answer.contentType);
    return answer.body;
  }
}
