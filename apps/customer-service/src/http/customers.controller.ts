import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { OverviewService } from '../application/overview.service';

/** The customer overview agents see beside a ticket. */
@Controller('customers')
export class CustomersController {
  constructor(private readonly overviews: OverviewService) {}

  @Get(':id/overview')
  @Roles('agent', 'merchant', 'admin')
  @Answers('CustomerOverviewView')
  overview(@Param('id', ParseUUIDPipe) id: string) {
    return this.overviews.overview(id);
  }
}
