import { randomUUID } from 'node:crypto';
import type { Role } from '@emporium/contracts';
import { eventually } from '@emporium/testing';
import { TICKET_CHANNELS, TICKET_TYPES } from '../src/domain/ticket';
import { aCustomer, type Caller, type Desk, startDesk } from './support';

describe('customer-service: agents learnt from identity events', () => {
  let desk: Desk;
  const admin: Caller = { userId: randomUUID(), roles: ['admin'] };

  const rolesChanged = (userId: string, roles: Role[], previousRoles: Role[], name = '新客服') =>
    desk.publish('user.roles-changed', userId, {
      userId,
      email: `${userId}@example.com`,
      name,
      roles,
      previousRoles,
      changedAt: new Date().toISOString(),
    });

  /** Resolves once the consumer has handled the event (its inbox row is written with the effect). */
  const handled = (eventId: string) =>
    eventually(
      async () => (await desk.sql('SELECT 1 FROM inbox WHERE event_id = $1', [eventId])).length > 0,
      {
        what: `event ${eventId} handled`,
      },
    );

  const agent = async (id: string) =>
    (
      (await desk.call('GET', '/support/agents', undefined, admin)).body.items as {
        id: string;
        active: boolean;
      }[]
    ).find((a) => a.id === id);

  const openTicket = async () => {
    const res = await desk.call(
      'POST',
      '/tickets',
      { type: 'PRE_SALE', channel: 'CHAT', subject: '有货吗', message: 'Is it in stock?' },
      aCustomer(),
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    desk = await startDesk('cs_agents_identity', { CUSTOMER_SERVICE_DEFAULT_AGENT_MAX_OPEN: '12' });
  });

  afterAll(async () => {
    await desk?.stop();
  });

  it('gives a new agent account an active default profile: every type and channel, the default cap', async () => {
    const id = randomUUID();
    await rolesChanged(id, ['agent'], [], '王芳');
    const profile = await eventually(() => agent(id), { what: 'the agent profile' });
    expect(profile).toEqual({
      id,
      name: '王芳',
      skills: { types: [...TICKET_TYPES], channels: [...TICKET_CHANNELS] },
      maxOpen: 12,
      active: true,
      openCount: 0,
      lastAssignedAt: null,
    });
  });

  it('lets a ticket be assigned to an agent made the ordinary way', async () => {
    const ticket = await openTicket();
    const id = randomUUID();
    await rolesChanged(id, ['agent'], []);
    await eventually(() => agent(id), { what: 'the agent profile' });
    const assigned = await desk.call('POST', `/tickets/${ticket}/assign`, { agentId: id }, admin);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'ASSIGNED', assigneeId: id });
  });

  it('keeps the profile PUT gave, whether the account event comes before or after it', async () => {
    const id = randomUUID();
    const refined = {
      name: '投诉专员',
      skills: { types: ['COMPLAINT'], channels: ['PHONE'] },
      maxOpen: 3,
      active: true,
    };
    expect((await desk.call('PUT', `/support/agents/${id}`, refined, admin)).status).toBe(200);
    await handled((await rolesChanged(id, ['agent'], [], '晚到的事件')).id);
    expect(await agent(id)).toMatchObject({ ...refined, id });
  });

  it('ignores accounts without the agent role', async () => {
    const id = randomUUID();
    await handled((await rolesChanged(id, ['merchant'], [])).id);
    expect(await agent(id)).toBeUndefined();
  });

  it('deactivates the profile of an account that loses the agent role, so nothing more is assigned to it', async () => {
    const id = randomUUID();
    await rolesChanged(id, ['agent'], []);
    await eventually(() => agent(id), { what: 'the agent profile' });
    await rolesChanged(id, ['merchant'], ['agent', 'merchant']);
    await eventually(async () => (await agent(id))?.active === false, { what: 'the deactivation' });
    const ticket = await openTicket();
    const refused = await desk.call('POST', `/tickets/${ticket}/assign`, { agentId: id }, admin);
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('urn:emporium:problem:agent-unavailable');
    // Given the role back, the same profile is on duty again.
    await rolesChanged(id, ['agent', 'merchant'], ['merchant']);
    await eventually(async () => (await agent(id))?.active === true, { what: 'the reactivation' });
  });
});
