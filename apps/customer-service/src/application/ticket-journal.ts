import type { EntityManager } from 'typeorm';
import type { Identity, Role } from '@emporium/contracts';
import { ACTIVE_STATUSES, type TicketStatus } from '../domain/ticket';
import { SupportAgentEntity } from '../persistence/support-agent.entity';
import { insertAuditLine } from '../persistence/ticket.queries';

/** Who made a change: a caller, or the service itself (routing, SLA monitor, events). */
export interface Actor {
  readonly id: string | null;
  readonly role: string;
}

/** The service acting on its own. */
export const SYSTEM_ACTOR: Actor = { id: null, role: 'system' };

// The role an audit line names a caller by, most relevant first: on a support desk, the agent.
const ACTOR_ROLE_ORDER: readonly Role[] = ['agent', 'merchant', 'admin'];

/** The actor of a caller, named by their most relevant role. */
export function actorOf(caller: Identity): Actor {
  const role =
    ACTOR_ROLE_ORDER.find((r) => caller.roles.includes(r)) ?? caller.roles[0] ?? 'customer';
  return { id: caller.userId, role };
}

/** Appends one line to a ticket's audit trail, in the caller's transaction. */
export async function audit(
  tx: EntityManager,
  ticketId: string,
  actor: Actor,
  action: string,
  changes: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await insertAuditLine(tx, {
    ticketId,
    actorId: actor.id,
    actorRole: actor.role,
    action,
    changes,
    at,
  });
}

/** Who holds a ticket and in what status, for an agent's load. */
export interface Holding {
  readonly assigneeId: string | null;
  readonly status: TicketStatus;
}

/**
 * Keeps `support_agents.open_count` in step with a ticket's change, in the same transaction: the
 * ticket leaves the load of whoever held it while it needed work and joins the new holder's.
 */
export async function adjustLoad(
  tx: EntityManager,
  before: Holding,
  after: Holding,
): Promise<void> {
  const holder = (h: Holding) =>
    h.assigneeId && ACTIVE_STATUSES.includes(h.status) ? h.assigneeId : null;
  const was = holder(before);
  const is = holder(after);
  if (was === is) return;
  if (was) await tx.decrement(SupportAgentEntity, { id: was }, 'openCount', 1);
  if (is) await tx.increment(SupportAgentEntity, { id: is }, 'openCount', 1);
}
