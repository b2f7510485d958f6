import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Identity } from '@emporium/contracts';
import { CurrentUser, Public } from '@emporium/platform-auth';
import { BehaviorService } from '../application/behavior.service';
import { RecordBehaviorDto, RecordBehaviorResponse } from './dto/behavior-events.dto';

/** `POST /events`: storefront behavior for analytics (anonymous allowed). */
@ApiTags('analytics')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly behavior: BehaviorService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Record behavior events (batched, at most 500 a call)' })
  @ApiAcceptedResponse({ type: RecordBehaviorResponse })
  async record(
    @Body() dto: RecordBehaviorDto,
    @CurrentUser() user?: Identity,
  ): Promise<RecordBehaviorResponse> {
    const customerId = user?.roles.includes('customer') ? user.userId : undefined;
    return { accepted: await this.behavior.record(dto.events, customerId) };
  }
}
