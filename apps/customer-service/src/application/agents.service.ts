import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  TICKET_CHANNELS,
  TICKET_TYPES,
  type TicketChannel,
  type TicketType,
} from '../domain/ticket';
import { SupportAgentEntity } from '../persistence/support-agent.entity';
import { SUPPORT_SETTINGS, type SupportSettings } from './settings';

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

/** An agent with their current load. */
export interface AgentWithLoad {
  readonly agent: SupportAgentEntity;
  readonly openCount: number;
}

/** The desk's agents: skills, caps, on duty or not (`PUT /support/agents/{id}`). */
@Injectable()
export class AgentsService {
  constructor(
    private readonly db: DataSource,
    @Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings,
  ) {}

  /**
   * Follows an account's agent role (identity's `user.roles-changed`). Given the role, the account
   * gets an active default profile (every type and channel, the default cap) that `PUT` refines; a
   * profile that exists already keeps its skills and cap, and is put back on duty unless staff
   * changed it after the event. Losing the role takes the profile off duty.
   */
  async followRole(
    tx: EntityManager,
    account: { id: string; name: string; isAgent: boolean; wasAgent: boolean; at: string },
  ): Promise<void> {
    if (account.isAgent && !account.wasAgent) {
      await tx.query(
        `INSERT INTO support_agents AS a (id, name, skill_types, skill_channels, max_open, active, open_count)
         VALUES ($1, $2, $3, $4, $5, true,
                 (SELECT count(*) FROM tickets WHERE assignee_id = $1 AND status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER')))
         ON CONFLICT (id) DO UPDATE SET active = true, updated_at = now()
           WHERE NOT a.active AND a.updated_at < $6`,
        [
          account.id,
          account.name,
          TICKET_TYPES,
          TICKET_CHANNELS,
          this.settings.defaultAgentMaxOpen,
          account.at,
        ],
      );
    } else if (!account.isAgent && account.wasAgent) {
      await tx.query(
        'UPDATE support_agents SET active = false, updated_at = now() WHERE id = $1 AND active',
        [account.id],
      );
    }
  }

  /** Creates or replaces an agent's profile; the id is the agent's user id. */
  async put(id: string, profile: AgentProfile): Promise<AgentWithLoad> {
    await this.db.query(
      `INSERT INTO support_agents (id, name, skill_types, skill_channels, max_open, active, open_count)
       VALUES ($1, $2, $3, $4, $5, $6,
               (SELECT count(*) FROM tickets WHERE assignee_id = $1 AND status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER')))
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
    return (await this.list([id]))[0];
  }

  /** Every agent (or those of `ids`) with the tickets they hold that still need work. */
  async list(ids?: readonly string[]): Promise<AgentWithLoad[]> {
    const qb = this.db
      .getRepository(SupportAgentEntity)
      .createQueryBuilder('a')
      .orderBy('a.name', 'ASC')
      .addOrderBy('a.id', 'ASC');
    if (ids) qb.where('a.id = ANY(:ids)', { ids });
    return (await qb.getMany()).map((agent) => ({ agent, openCount: agent.openCount }));
  }
}
