import type { TicketChannel, TicketType } from './ticket';

/** An agent as routing sees them. */
export interface RoutableAgent {
  readonly id: string;
  readonly active: boolean;
  readonly types: readonly TicketType[];
  readonly channels: readonly TicketChannel[];
  readonly maxOpen: number;
  /** Tickets the agent has that still need work. */
  readonly openCount: number;
  readonly lastAssignedAt: Date | null;
}

/** True when the agent has the skills of the ticket (an empty skill list means every value). */
export function hasSkill(
  agent: RoutableAgent,
  ticket: { type: TicketType; channel: TicketChannel },
): boolean {
  const typeOk = agent.types.length === 0 || agent.types.includes(ticket.type);
  const channelOk = agent.channels.length === 0 || agent.channels.includes(ticket.channel);
  return typeOk && channelOk;
}

/**
 * The agents a new ticket may go to, best first: active, with the skill and room under their cap;
 * the fewest open tickets first, ties to whoever waited longest for a ticket, then by id so the
 * order is deterministic.
 */
export function rankAgents(
  agents: readonly RoutableAgent[],
  ticket: { type: TicketType; channel: TicketChannel },
): RoutableAgent[] {
  const waited = (a: RoutableAgent) => a.lastAssignedAt?.getTime() ?? 0;
  return agents
    .filter((a) => a.active && a.openCount < a.maxOpen && hasSkill(a, ticket))
    .sort((a, b) => a.openCount - b.openCount || waited(a) - waited(b) || a.id.localeCompare(b.id));
}

/** The agent a new ticket goes to; none when nobody fits (the ticket stays OPEN in the queue). */
export function chooseAgent(
  agents: readonly RoutableAgent[],
  ticket: { type: TicketType; channel: TicketChannel },
): RoutableAgent | undefined {
  return rankAgents(agents, ticket)[0];
}
