import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Periodic, PeriodicTasks } from '@emporium/platform-app';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { escalate } from '../domain/ticket';
import { TicketEntity } from '../persistence/ticket.entity';
import {
  lockTicketsPastDeadline,
  lockTicketsResolvedBefore,
  lockUnassignedTickets,
} from '../persistence/ticket.queries';
import { Clock } from './clock';
import { RoutingService } from './routing.service';
import { SUPPORT_SETTINGS, type SupportSettings } from './settings';
import { SYSTEM_ACTOR, audit } from './ticket-journal';

const BATCH = 100;

/**
 * The desk's timers: SLA breaches (announced and escalated one step), OPEN tickets routed once an
 * agent has room, and RESOLVED tickets closed when the reopen window has passed. Rows are taken
 * with SKIP LOCKED, so every replica may run it.
 */
@Injectable()
export class SlaMonitorService {
  private readonly log = new Logger(SlaMonitorService.name);

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly routing: RoutingService,
    private readonly tasks: PeriodicTasks,
    @Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings,
  ) {}

  /** One pass over every timer; failures are logged, not thrown. */
  tick(): Promise<void> {
    return this.tasks.runNow(this, 'sweep');
  }

  @Periodic((self: SlaMonitorService) => self.settings.sweepIntervalMs)
  async sweep(): Promise<void> {
    const breached = await this.drain(() => this.detectBreaches());
    const routed = await this.drain(() => this.routeWaiting());
    const closed = await this.drain(() => this.closeResolved());
    if (breached + routed + closed > 0)
      this.log.log(
        `${breached} ticket(s) past an SLA deadline, ${routed} routed, ${closed} closed`,
      );
  }

  private async drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let n = await batch(); n > 0; n = await batch()) {
      total += n;
      if (n < BATCH) break;
    }
    return total;
  }

  /** Tickets whose next deadline passed unmet: one breach per kind, each escalating one step. */
  async detectBreaches(): Promise<number> {
    return transaction(this.db, async (tx) => {
      const now = this.clock.now();
      const due = await this.load(tx, await lockTicketsPastDeadline(tx, now, BATCH));
      for (const ticket of due) {
        if (
          !ticket.firstResponseAt &&
          !ticket.firstResponseBreachedAt &&
          ticket.firstResponseDueAt <= now
        ) {
          ticket.firstResponseBreachedAt = now;
          await this.breach(tx, ticket, 'FIRST_RESPONSE', ticket.firstResponseDueAt, now);
        }
        if (!ticket.resolutionBreachedAt && ticket.resolutionDueAt <= now) {
          ticket.resolutionBreachedAt = now;
          await this.breach(tx, ticket, 'RESOLUTION', ticket.resolutionDueAt, now);
        }
        // The next deadline not yet missed; after a missed first response, that is resolution.
        ticket.slaDueAt = ticket.resolutionDueAt;
        ticket.updatedAt = now;
        await tx.save(ticket);
      }
      return due.length;
    });
  }

  private async breach(
    tx: EntityManager,
    ticket: TicketEntity,
    kind: 'FIRST_RESPONSE' | 'RESOLUTION',
    dueAt: Date,
    now: Date,
  ): Promise<void> {
    const from = ticket.priority;
    const to = escalate(from);
    await writeOutbox(tx, {
      type: 'ticket.sla-breached',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        kind,
        dueAt: dueAt.toISOString(),
        detectedAt: now.toISOString(),
        priority: from,
        escalatedTo: to,
        ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
      },
    });
    await audit(
      tx,
      ticket.id,
      SYSTEM_ACTOR,
      'sla-breached',
      { kind, dueAt: dueAt.toISOString() },
      now,
    );
    if (to === from) return;
    ticket.priority = to;
    const reason = `${kind === 'FIRST_RESPONSE' ? 'first response' : 'resolution'} SLA breached`;
    ticket.priorityReasons = [
      ...ticket.priorityReasons,
      { rule: 'sla-escalation', points: 0, detail: `${reason}: ${from} → ${to}` },
    ];
    await audit(
      tx,
      ticket.id,
      SYSTEM_ACTOR,
      'priority-changed',
      { priority: { from, to }, reason },
      now,
    );
    await writeOutbox(tx, {
      type: 'ticket.priority-changed',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        from,
        to,
        reason,
        at: now.toISOString(),
      },
    });
  }

  /** OPEN tickets nobody had room for, most urgent first, offered to routing again. */
  async routeWaiting(): Promise<number> {
    return transaction(this.db, async (tx) => {
      const now = this.clock.now();
      const waiting = await this.load(tx, await lockUnassignedTickets(tx, BATCH));
      let routed = 0;
      for (const ticket of waiting) {
        if (!(await this.routing.autoAssign(tx, ticket, now))) break; // nobody has room: later ones will not fit either
        routed++;
      }
      return routed;
    });
  }

  /** RESOLVED tickets past the reopen window are CLOSED. */
  async closeResolved(): Promise<number> {
    return transaction(this.db, async (tx) => {
      const now = this.clock.now();
      const before = new Date(now.getTime() - this.settings.reopenWindowMs);
      const resolved = await this.load(tx, await lockTicketsResolvedBefore(tx, before, BATCH));
      for (const ticket of resolved) {
        Object.assign(ticket, { status: 'CLOSED', closedAt: now, updatedAt: now });
        await tx.save(ticket);
        await audit(
          tx,
          ticket.id,
          SYSTEM_ACTOR,
          'status-changed',
          { status: { from: 'RESOLVED', to: 'CLOSED' }, reason: 'reopen window passed' },
          now,
        );
        await writeOutbox(tx, {
          type: 'ticket.status-changed',
          subject: ticket.id,
          data: {
            ticketId: ticket.id,
            customerId: ticket.customerId,
            from: 'RESOLVED',
            to: 'CLOSED',
            ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
            at: now.toISOString(),
          },
        });
      }
      return resolved.length;
    });
  }

  /** The tickets of `ids` (locked by this transaction), in the order of `ids`. */
  private async load(tx: EntityManager, ids: readonly string[]): Promise<TicketEntity[]> {
    if (ids.length === 0) return [];
    const tickets = await tx
      .getRepository(TicketEntity)
      .createQueryBuilder('t')
      .where('t.id = ANY(:ids)', { ids })
      .getMany();
    const byId = new Map(tickets.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id)!);
  }
}
