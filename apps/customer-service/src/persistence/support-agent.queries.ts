import type { EntityManager } from 'typeorm';
import { execute, queryRow, queryRows, type Db } from '@emporium/platform-persistence';
import type { RoutableAgent } from '../domain/routing';
import type { TicketChannel, TicketType } from '../domain/ticket';

/** An agent's profile as staff manage it. */
export interface AgentProfile {
  readonly name: string;
  readonly skills: {
    readonly types: readonly TicketType[];
    readonly channels: readonly TicketChannel[];
  };
  readonly maxOpen: number;
  readonly active: boolean;
}

/** An agent's row as locked for an assignment: whether they can still take a ticket. */
export interface AgentRoom {
  readonly active: boolean;
  readonly maxOpen: number;
  readonly openCount: number;
}

// The agent ($1)'s load when a profile is made: the tickets they hold that still need work.
const HELD_TICKETS = `(SELECT count(*) FROM tickets WHERE assignee_id = $1 AND status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER'))`;

/**
 * Gives an account that gained the agent role an active profile with `defaults`; a profile that
 * exists is put back on duty only when it is off duty and staff have not changed it since `asOf`.
 */
export async function putAgentOnDuty(
  tx: EntityManager,
  account: { readonly id: string; readonly name: string; readonly asOf: string },
  defaults: Omit<AgentProfile, 'name' | 'active'>,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO support_agents AS a (id, name, skill_types, skill_channels, max_open, active, open_count)
     VALUES ($1, $2, $3, $4, $5, true, ${HELD_TICKETS})
     ON CONFLICT (id) DO UPDATE SET active = true, updated_at = now()
       WHERE NOT a.active AND a.updated_at < $6`,
    [
      account.id,
      account.name,
      defaults.skills.types,
      defaults.skills.channels,
      defaults.maxOpen,
      account.asOf,
    ],
  );
}

export async function takeAgentOffDuty(tx: EntityManager, id: string): Promise<void> {
  await execute(
    tx,
    'UPDATE support_agents SET active = false, updated_at = now() WHERE id = $1 AND active',
    [id],
  );
}

/** Creates or replaces an agent's profile; a new one starts with the tickets they hold. */
export async function upsertAgentProfile(db: Db, id: string, profile: AgentProfile): Promise<void> {
  await execute(
    db,
    `INSERT INTO support_agents (id, name, skill_types, skill_channels, max_open, active, open_count)
     VALUES ($1, $2, $3, $4, $5, $6, ${HELD_TICKETS})
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, skill_types = EXCLUDED.skill_types,
       skill_channels = EXCLUDED.skill_channels, max_open = EXCLUDED.max_open, active = EXCLUDED.active, updated_at = now()`,
    [
      id,
      profile.name,
      profile.skills.types,
      profile.skills.channels,
      profile.maxOpen,
      profile.active,
    ],
  );
}

/** Active agents with the skills of a ticket of `type` on `channel` and room under their cap. */
export async function agentsWithRoomFor(
  tx: EntityManager,
  type: TicketType,
  channel: TicketChannel,
): Promise<RoutableAgent[]> {
  const rows = await queryRows<{
    id: string;
    active: boolean;
    skill_types: TicketType[];
    skill_channels: TicketChannel[];
    max_open: number;
    last_assigned_at: Date | null;
    open_count: number;
  }>(
    tx,
    `SELECT id, active, skill_types, skill_channels, max_open, last_assigned_at, open_count
       FROM support_agents
      WHERE active
        AND (cardinality(skill_types) = 0 OR $1 = ANY (skill_types))
        AND (cardinality(skill_channels) = 0 OR $2 = ANY (skill_channels))
        AND open_count < max_open`,
    [type, channel],
  );
  return rows.map((r) => ({
    id: r.id,
    active: r.active,
    types: r.skill_types,
    channels: r.skill_channels,
    maxOpen: r.max_open,
    openCount: r.open_count,
    lastAssignedAt: r.last_assigned_at,
  }));
}

/**
 * Locks the agent's row and reads their room from it, the latest committed version; with
 * `skipLocked`, an agent another transaction holds answers undefined instead of waiting.
 */
export async function lockAgentRoom(
  tx: EntityManager,
  id: string,
  skipLocked: boolean,
): Promise<AgentRoom | undefined> {
  const row = await queryRow<{ max_open: number; active: boolean; open_count: number }>(
    tx,
    `SELECT max_open, active, open_count FROM support_agents WHERE id = $1 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
    [id],
  );
  return row && { active: row.active, maxOpen: row.max_open, openCount: row.open_count };
}
