import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '@emporium/platform-http';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '@emporium/contracts';

// `*`, `order.*` or an exact type such as `order.paid`.
const EVENT_PATTERN = /^(\*|[a-z]+\.(\*|[a-z][a-z-]*))$/;

/** `POST /integrations/webhooks`. */
export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/emporium/events', maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({
    example: ['order.paid', 'shipment.*'],
    description: 'event types or patterns: `*`, `order.*`',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(EVENT_PATTERN, { each: true })
  events!: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** `PATCH /integrations/webhooks/{id}`. */
export class ChangeWebhookDto {
  @ApiPropertyOptional({ example: ['order.*'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(EVENT_PATTERN, { each: true })
  events?: string[];

  @ApiPropertyOptional({ description: 'false pauses the webhook: it receives nothing' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

/** `?limit=&cursor=` of a list. */
export class WebhookPageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** `GET /integrations/webhooks/{id}/deliveries?status=`. */
export class WebhookDeliveriesQuery extends WebhookPageQuery {
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}
