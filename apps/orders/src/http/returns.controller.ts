import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { STAFF_ROLES, type Identity } from '@emporium/contracts';
import { CurrentUser, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ReturnsService } from '../application/returns.service';
import { DecideReturnDto } from './dto/orders.dto';
import { toReturnView } from './order-views';

/** Returns: their owner and staff read them; staff decide them. */
@Controller('returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  @Get(':id')
  @Answers('ReturnView')
  async find(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    return toReturnView(await this.returns.find(id, caller));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @Answers('ReturnView')
  async approve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideReturnDto) {
    return toReturnView(await this.returns.approve(id, dto.note));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @Answers('ReturnView')
  async reject(@Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideReturnDto) {
    return toReturnView(await this.returns.reject(id, dto.note));
  }
}
