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
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { WebhooksService } from '../application/webhooks.service';
import { WebhookDeliveryScheduler } from '../application/webhooks-delivery';
import {
  ChangeWebhookDto,
  CreateWebhookDto,
  WebhookDeliveriesQuery,
  WebhookPageQuery,
} from './dto/webhooks.dto';

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
  @Answers('WebhookView')
  subscribe(@Body() dto: CreateWebhookDto) {
    return this.webhooks.subscribe(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks' })
  @Answers('WebhookViewPage')
  list(@Query() query: WebhookPageQuery) {
    return this.webhooks.list(query.limit, query.cursor);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the events of a webhook, or pause and resume it' })
  @Answers('WebhookView')
  change(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ChangeWebhookDto) {
    return this.webhooks.change(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log' })
  @ApiNoContentResponse({ description: 'Done, no content' })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's deliveries, newest first" })
  @Answers('WebhookDeliveryViewPage')
  deliveries(@Param('id', ParseUUIDPipe) id: string, @Query() query: WebhookDeliveriesQuery) {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a delivery again now' })
  @Answers('WebhookDeliveryView')
  async retry(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId', ParseUUIDPipe) deliveryId: string,
  ) {
    const delivery = await this.webhooks.retry(id, deliveryId);
    this.scheduler.kick();
    return delivery;
  }
}
