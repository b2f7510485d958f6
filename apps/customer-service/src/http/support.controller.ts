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
  Put,
  Query,
} from '@nestjs/common';
import { BusinessRuleError, type Identity } from '@emporium/contracts';
import { CurrentUser, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { AgentsService, type AgentWithLoad } from '../application/agents.service';
import { CannedRepliesService } from '../application/canned-replies.service';
import { MetricsService } from '../application/metrics.service';
import type { CannedReplyEntity } from '../persistence/canned-reply.entity';
import { CreateCannedReplyDto, PutAgentDto, UpdateCannedReplyDto } from './dto/support.dto';
import { MetricsQueryDto } from './dto/tickets.dto';

/** A report boundary: a date is a business day in Asia/Shanghai (UTC+8, no DST), both inclusive. */
function boundary(value: string, end: boolean): Date {
  if (value.length > 10) return new Date(value);
  const start = new Date(`${value}T00:00:00+08:00`);
  return end ? new Date(start.getTime() + 86_400_000) : start;
}

function toAgent({ agent, openCount }: AgentWithLoad) {
  return {
    id: agent.id,
    name: agent.name,
    skills: { types: agent.skillTypes, channels: agent.skillChannels },
    maxOpen: agent.maxOpen,
    active: agent.active,
    openCount,
    lastAssignedAt: agent.lastAssignedAt?.toISOString() ?? null,
  };
}

function toCannedReply(r: CannedReplyEntity) {
  return {
    id: r.id,
    name: r.name,
    body: r.body,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The desk itself: agents and their skills, canned replies, performance metrics. */
@Controller('support')
export class SupportController {
  constructor(
    private readonly agents: AgentsService,
    private readonly cannedReplies: CannedRepliesService,
    private readonly metricsService: MetricsService,
  ) {}

  @Get('metrics')
  @Roles('agent', 'merchant', 'admin')
  @Answers('SupportMetricsView')
  metrics(@Query() query: MetricsQueryDto) {
    const from = boundary(query.from, false);
    const to = boundary(query.to, true);
    if (!(from < to)) throw new BusinessRuleError('empty-period', '`from` must be before `to`');
    return this.metricsService.metrics(from, to);
  }

  @Put('agents/:agentId')
  @Roles('merchant', 'admin')
  @Answers('SupportAgentView')
  async putAgent(@Param('agentId', ParseUUIDPipe) agentId: string, @Body() dto: PutAgentDto) {
    return toAgent(await this.agents.put(agentId, dto));
  }

  @Get('agents')
  @Roles('agent', 'merchant', 'admin')
  @Answers('SupportAgentViewPage')
  async listAgents() {
    const items = (await this.agents.list()).map(toAgent);
    return { items, nextCursor: null, total: items.length };
  }

  @Get('canned-replies')
  @Roles('agent', 'merchant', 'admin')
  @Answers('CannedReplyViewPage')
  async listCannedReplies() {
    const items = (await this.cannedReplies.list()).map(toCannedReply);
    return { items, nextCursor: null, total: items.length };
  }

  @Post('canned-replies')
  @Roles('agent', 'merchant', 'admin')
  @Answers('CannedReplyView')
  async createCannedReply(@Body() dto: CreateCannedReplyDto, @CurrentUser() caller: Identity) {
    return toCannedReply(await this.cannedReplies.create(dto, caller.userId));
  }

  @Get('canned-replies/:id')
  @Roles('agent', 'merchant', 'admin')
  @Answers('CannedReplyView')
  async getCannedReply(@Param('id', ParseUUIDPipe) id: string) {
    return toCannedReply(await this.cannedReplies.find(id));
  }

  @Patch('canned-replies/:id')
  @Roles('agent', 'merchant', 'admin')
  @Answers('CannedReplyView')
  async updateCannedReply(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCannedReplyDto,
  ) {
    return toCannedReply(await this.cannedReplies.update(id, dto));
  }

  @Delete('canned-replies/:id')
  @Roles('agent', 'merchant', 'admin')
  @HttpCode(204)
  async deleteCannedReply(@Param('id', ParseUUIDPipe) id: string) {
    await this.cannedReplies.remove(id);
  }
}
