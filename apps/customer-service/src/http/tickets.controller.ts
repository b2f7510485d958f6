import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { BadRequestError, type Identity } from '@emporium/contracts';
import { CurrentUser, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { TicketActionsService } from '../application/ticket-actions.service';
import { TicketQueries } from '../application/ticket-queries.service';
import { TicketsService } from '../application/tickets.service';
import {
  AddMessageDto,
  AssignTicketDto,
  CreateTicketDto,
  ListTicketsQueryDto,
  SatisfactionDto,
  SetStatusDto,
} from './dto/tickets.dto';
import { toAudit, toMessage, toTicket } from './ticket-views';

/** Tickets: customers open and follow theirs; staff work the queue. */
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly actions: TicketActionsService,
    private readonly queries: TicketQueries,
  ) {}

  @Post()
  @Roles('customer')
  @Answers('TicketView')
  async create(@Body() dto: CreateTicketDto, @CurrentUser() caller: Identity) {
    return toTicket(await this.tickets.create(caller, dto));
  }

  @Get()
  @Answers('TicketViewPage')
  async list(@Query() query: ListTicketsQueryDto, @CurrentUser() caller: Identity) {
    const limit = Math.min(query.limit ?? 20, 100);
    const page = await this.queries.list(caller, { ...query, limit });
    return { items: page.items.map(toTicket), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Answers('TicketDetailView')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    const { ticket, messages, audit } = await this.queries.find(id, caller);
    return {
      ...toTicket(ticket),
      messages: messages.map(toMessage),
      ...(audit ? { audit: audit.map(toAudit) } : {}),
    };
  }

  @Post(':id/messages')
  @Answers('TicketReplyView')
  async reply(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddMessageDto,
    @CurrentUser() caller: Identity,
  ) {
    if (dto.body !== undefined && dto.templateId !== undefined) {
      throw new BadRequestError(
        'message-body-or-template',
        'Send either body or templateId, not both',
      );
    }
    const { message, ticket } = await this.actions.reply(id, caller, dto);
    return {
      ...toMessage(message),
      ticket: {
        id: ticket.id,
        status: ticket.status,
        assigneeId: ticket.assigneeId,
        slaDueAt: ticket.slaDueAt.toISOString(),
      },
    };
  }

  @Post(':id/assign')
  @Roles('agent', 'merchant', 'admin')
  @HttpCode(200)
  @Answers('TicketView')
  async assign(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssignTicketDto,
    @CurrentUser() caller: Identity,
  ) {
    return toTicket(await this.actions.assign(id, caller, dto.agentId));
  }

  @Post(':id/status')
  @HttpCode(200)
  @Answers('TicketView')
  async status(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetStatusDto,
    @CurrentUser() caller: Identity,
  ) {
    return toTicket(await this.actions.setStatus(id, caller, dto.status));
  }

  @Post(':id/satisfaction')
  @Roles('customer')
  @Answers('TicketRatingView')
  async rate(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SatisfactionDto,
    @CurrentUser() caller: Identity,
  ) {
    const ticket = await this.actions.rate(id, caller, dto.score, dto.comment);
    return {
      ticketId: ticket.id,
      score: ticket.ratingScore,
      comment: ticket.ratingComment,
      ratedAt: ticket.ratedAt?.toISOString(),
    };
  }
}
