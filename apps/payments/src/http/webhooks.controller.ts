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
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ALIPAY_NOTIFICATION_ANSWERS,
  WECHAT_PAY_NOTIFICATION_CODES,
  type ProviderWebhookReceipt,
} from '@emporium/contracts';
import { Public } from '@emporium/platform-auth';
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
  // Each provider stops repeating a notification only when answered its own way, so the success
  // answer depends on the provider (docs/payments.md).
  @ApiOkResponse({
    description:
      'Processed. `sandbox`, and `alipay`/`wechat` while their gateways are not configured: the JSON receipt. A connected Alipay: the text `success`. A connected WeChat Pay: `{"code":"SUCCESS"}`.',
    content: {
      'application/json': {
        schema: {
          oneOf: [
            { $ref: '#/components/schemas/ProviderWebhookReceipt' },
            {
              type: 'object',
              required: ['code'],
              properties: { code: { type: 'string', enum: [...WECHAT_PAY_NOTIFICATION_CODES] } },
            },
          ],
        },
      },
      'text/plain': { schema: { type: 'string', enum: [...ALIPAY_NOTIFICATION_ANSWERS] } },
    },
  })
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
