import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { rankAgents, type RoutableAgent } from '../domain/routing';
import { SupportAgentEntity } from '../persistence/support-agent.entity';
import { agentsWithRoomFor, lockAgentRoom } from '../persistence/support-agent.queries';
import { TicketEntity } from '../persistence/ticket.entity';
import { SYSTEM_ACTOR, adjustLoad, audit } from './ticket-journal';

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
    const candidates = await agentsWithRoomFor(tx, ticket.type, ticket.channel);
    const ranked = rankAgents(candidates, ticket);
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
      const room = await lockAgentRoom(tx, agent.id, skipLocked);
      if (room?.active && room.openCount < room.maxOpen) return agent.id;
    }
    return undefined;
  }
}
