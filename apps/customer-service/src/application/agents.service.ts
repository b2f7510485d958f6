import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TICKET_CHANNELS, TICKET_TYPES } from '../domain/ticket';
import { SupportAgentEntity } from '../persistence/support-agent.entity';
import {
  putAgentOnDuty,
  takeAgentOffDuty,
  upsertAgentProfile,
  type AgentProfile,
} from '../persistence/support-agent.queries';
import { SUPPORT_SETTINGS, type SupportSettings } from './settings';

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
      await putAgentOnDuty(
        tx,
        { id: account.id, name: account.name, asOf: account.at },
        {
          skills: { types: TICKET_TYPES, channels: TICKET_CHANNELS },
          maxOpen: this.settings.defaultAgentMaxOpen,
        },
      );
    } else if (!account.isAgent && account.wasAgent) {
      await takeAgentOffDuty(tx, account.id);
    }
  }

  /** Creates or replaces an agent's profile; the id is the agent's user id. */
  async put(id: string, profile: AgentProfile): Promise<AgentWithLoad> {
    await upsertAgentProfile(this.db, id, profile);
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
