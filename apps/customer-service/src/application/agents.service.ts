import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TicketChannel, TicketType } from '../domain/ticket';
import { SupportAgentEntity } from '../persistence/support-agent.entity';

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
  constructor(private readonly db: DataSource) {}

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
