import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Roles } from '@emporium/platform-auth';
import { WebhooksService } from '../application/webhooks.service';
import { WebhookDeliveryScheduler } from '../application/webhooks-delivery';
import { RESPONSES } from '../../edge/http/openapi/contract-schemas';
import {
  ChangeWebhookDto,
  CreateWebhookDto,
  WebhookDeliveriesQuery,
  WebhookPageQuery,
} from './dto/webhooks.dto';

// The answers as the API contract documents them (one source for the OpenAPI document).
const Documented = (route: string) => {
  const answer = RESPONSES[route];
  return answer.schema
    ? ApiResponse({
        status: answer.status,
        description: 'Success',
        schema: answer.schema as SchemaObject,
      })
    : ApiResponse({ status: answer.status, description: 'Done, no content' });
};

/** Outbound webhooks for integrators (API.md "Integrations"), admin only. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1/integrations/webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly scheduler: WebhookDeliveryScheduler,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a webhook (the signing secret is shown once)' })
  @Documented('POST /integrations/webhooks')
  subscribe(@Body() dto: CreateWebhookDto) {
    return this.webhooks.subscribe(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks' })
  @Documented('GET /integrations/webhooks')
  list(@Query() query: WebhookPageQuery) {
    return this.webhooks.list(query.limit, query.cursor);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the events of a webhook, or pause and resume it' })
  @Documented('PATCH /integrations/webhooks/{id}')
  change(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ChangeWebhookDto) {
    return this.webhooks.change(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log' })
  @Documented('DELETE /integrations/webhooks/{id}')
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's deliveries, newest first" })
  @Documented('GET /integrations/webhooks/{id}/deliveries')
  deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: WebhookDeliveriesQuery) {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a delivery again now' })
  @Documented('POST /integrations/webhooks/{id}/deliveries/{deliveryId}/retry')
  async retry(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ) {
    const delivery = await this.webhooks.retry(id, deliveryId);
    this.scheduler.kick();
    return delivery;
  }
}
