import { Module } from '@nestjs/common';
import { ActiveSubscriptions } from './application/active-subscriptions';
import { WebhookAddresses } from './application/webhooks-addresses';
import { WebhookDeliveryScheduler } from './application/webhooks-delivery';
import { WebhookSecrets } from './application/webhooks-secrets';
import { WebhooksService } from './application/webhooks.service';
import { WebhooksController } from './http/webhooks.controller';
import { WebhookEventsHandler } from './messaging/webhook-events.handlers';

/** Outbound webhooks: subscriptions, deliveries recorded from every topic, and their sending. */
@Module({
  controllers: [WebhooksController],
  providers: [
    ActiveSubscriptions,
    WebhookSecrets,
    WebhookAddresses,
    WebhooksService,
    WebhookDeliveryScheduler,
    WebhookEventsHandler,
  ],
})
export class WebhooksModule {}
