import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { AgentsService } from '../application/agents.service';

/** An account got or lost the agent role: the desk's agents follow identity. */
@Injectable()
@HandlesEvent('user.roles-changed')
export class UserRolesChangedHandler implements EventHandler<'user.roles-changed'> {
  constructor(private readonly agents: AgentsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'user.roles-changed'>, tx: EntityManager) {
    await this.agents.followRole(tx, {
      id: data.userId,
      name: data.name,
      isAgent: data.roles.includes('agent'),
      wasAgent: data.previousRoles.includes('agent'),
      at: occurredAt,
    });
  }
}
