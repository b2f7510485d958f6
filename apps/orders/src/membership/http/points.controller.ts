import { Controller, Get } from '@nestjs/common';
import type { Identity, MemberPointsView } from '@emporium/contracts';
import { CurrentUser, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { MemberPointsService } from '../application/member-points.service';

/** A member's own points. */
@Controller()
export class PointsController {
  constructor(private readonly points: MemberPointsService) {}

  @Get('me/points')
  @Roles('customer')
  @Answers('MemberPointsView')
  pointsOf(@CurrentUser() customer: Identity): Promise<MemberPointsView> {
    return this.points.pointsOf(customer.userId);
  }
}
