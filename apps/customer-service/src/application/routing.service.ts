import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { rankAgents, type RoutableAgent } from '../domain/routing';
import type { TicketChannel, TicketType } from '../domain/ticket';
import { SupportAgentEntity } from '../persistence/support-agent.entity';
import { TicketEntity } from '../persistence/ticket.entity';
import { SYSTEM_ACTOR, adjustLoad, audit } from './ticket-journal';

interface AgentRow {
  id: string;
  active: boolean;
  skill_types: TicketType[];
  skill_channels: TicketChannel[];
  max_open: number;
  last_assigned_at: Date | null;
  open_count: number;
}

/** Auto-assignment: the least-loaded skilled agent under their cap gets a new ticket. */
@Injectable()
export class RoutingService {
  /**
   * Routes an OPEN ticket inside the caller's transaction; returns the agent chosen, if any.
   * Candidates are ranked without locks; the chosen agent's row is then locked and their load read
   * again, so two tickets routed at once cannot both take an agent's last free slot. An
   * agent locked by another routing right now is skipped for the next best (SKIP LOCKED), so
   * simultaneous tickets spread over the desk instead of queueing behind one agent.
   */
  async autoAssign(
    tx: EntityManager,
    ticket: TicketEntity,
    now: Date,
  ): Promise<string | undefined> {
    if (ticket.status !== 'OPEN' || ticket.assigneeId) return undefined;
    const rows: AgentRow[] = await tx.query(
      `SELECT id, active, skill_types, skill_channels, max_open, last_assigned_at, open_count
         FROM support_agents
        WHERE active
          AND (cardinality(skill_types) = 0 OR $1 = ANY (skill_types))
          AND (cardinality(skill_channels) = 0 OR $2 = ANY (skill_channels))
          AND open_count < max_open`,
      [ticket.type, ticket.channel],
    );
    const ranked = rankAgents(rows.map(toRoutable), ticket);
    const chosen =
      (await this.claim(tx, ranked, true)) ?? (await this.claim(tx, ranked.slice(0, 1), false));
    if (!chosen) return undefined;
    ticket.assigneeId = chosen;
    ticket.status = 'ASSIGNED';
    ticket.updatedAt = now;
    await tx.update(
      TicketEntity,
      { id: ticket.id },
      { assigneeId: chosen, status: 'ASSIGNED', updatedAt: now },
    );
    await tx.update(SupportAgentEntity, { id: chosen }, { lastAssignedAt: now });
    await adjustLoad(
      tx,
      { assigneeId: null, status: 'OPEN' },
      { assigneeId: chosen, status: 'ASSIGNED' },
    );
    await audit(
      tx,
      ticket.id,
      SYSTEM_ACTOR,
      'assigned',
      { assigneeId: chosen, status: { from: 'OPEN', to: 'ASSIGNED' }, by: 'ROUTING' },
      now,
    );
    const at = now.toISOString();
    await writeOutbox(tx, {
      type: 'ticket.assigned',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        assigneeId: chosen,
        by: 'ROUTING',
        at,
      },
    });
    await writeOutbox(tx, {
      type: 'ticket.status-changed',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        from: 'OPEN',
        to: 'ASSIGNED',
        assigneeId: chosen,
        at,
      },
    });
    return chosen;
  }

  /** Locks the first of `ranked` that still has room once locked; with `skipLocked`, busy rows are passed over. */
  private async claim(
    tx: EntityManager,
    ranked: readonly RoutableAgent[],
    skipLocked: boolean,
  ): Promise<string | undefined> {
    for (const agent of ranked) {
      // The locked row is the latest committed version: its load counts every assignment before.
      const locked: { max_open: number; active: boolean; open_count: number }[] = await tx.query(
        `SELECT max_open, active, open_count FROM support_agents WHERE id = $1 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
        [agent.id],
      );
      if (locked[0]?.active && locked[0].open_count < locked[0].max_open) return agent.id;
    }
    return undefined;
  }
}

function toRoutable(r: AgentRow): RoutableAgent {
  return {
    id: r.id,
    active: r.active,
    types: r.skill_types,
    channels: r.skill_channels,
    maxOpen: r.max_open,
    openCount: r.open_count,
    lastAssignedAt: r.last_assigned_at,
  };
}
