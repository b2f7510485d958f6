import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReadModelsService } from '../application/read-models.service';
import { AgentsService } from '../application/agents.service';

/** A new customer: profile and tier for the overview and priorities. */
@Injectable()
@HandlesEvent('customer.registered')
export class CustomerRegisteredHandler implements EventHandler<'customer.registered'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'customer.registered'>, tx: EntityManager) {
    // Tier changes travel on another topic and may come first: the tier given at registration
    // counts only for a customer not heard of yet.
    await this.readModels.tierHint(tx, data.customerId, data.memberTier);
    await this.readModels.customer(tx, {
      id: data.customerId,
      email: data.email,
      name: data.name,
      registeredAt: data.registeredAt,
    });
  }
}

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
