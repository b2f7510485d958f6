import { eventually, uniqueSuffix } from '@emporium/testing';
import { login, runningPlatform } from './support/shop';

const ADMIN = { email: 'admin@desk.test', password: 'desk-admin-password' };

describe('the support desk with an agent made the ordinary way, every service a process', () => {
  const shop = runningPlatform(['gateway', 'customer-service'], {
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
  });
  const { call } = shop;

  it('assigns a ticket to an agent an admin just created, who then works, resolves and gets it back reopened', async () => {
    const suffix = uniqueSuffix();
    const customer = await call('POST', '/auth/register', {
      email: `c-${suffix}@desk.test`,
      password: 'customer-password-1',
      name: '顾客',
    });
    expect(customer.status).toBe(201);
    const opened = await call(
      'POST',
      '/tickets',
      { type: 'ORDER_ISSUE', channel: 'WEB', subject: '快递没到', message: 'Where is my parcel?' },
      customer.body.accessToken,
    );
    expect(opened.status).toBe(201);

    const admin = await login(call, ADMIN.email, ADMIN.password);
    const agentEmail = `agent-${suffix}@desk.test`;
    const created = await call(
      'POST',
      '/admin/users',
      { email: agentEmail, password: 'agent-password-1', name: '客服小李', roles: ['agent'] },
      admin,
    );
    expect(created.status).toBe(201);
    const agentId = created.body.id as string;

    // The desk learns of the account from identity's event; no PUT /support/agents is needed.
    // The gateway lets agents assign tickets: the new agent takes this one.
    const agent = await login(call, agentEmail, 'agent-password-1');
    const assigned = await eventually(
      async () => {
        const res = await call('POST', `/tickets/${opened.body.id}/assign`, { agentId }, agent);
        return res.status === 200 ? res : undefined;
      },
      { what: 'the ticket assigned to the new agent', timeoutMs: 30_000 },
    );
    expect(assigned.body).toMatchObject({ status: 'ASSIGNED', assigneeId: agentId });

    const profile = (await call('GET', '/support/agents', undefined, agent)).body.items.find(
      (a: { id: string }) => a.id === agentId,
    );
    expect(profile).toMatchObject({ name: '客服小李', active: true, openCount: 1 });
    expect(
      (await call('POST', `/tickets/${opened.body.id}/messages`, { body: '包裹明天到。' }, agent))
        .status,
    ).toBe(201);
    const resolved = await call(
      'POST',
      `/tickets/${opened.body.id}/status`,
      { status: 'RESOLVED' },
      agent,
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', assigneeId: agentId });

    // The customer writes again: the ticket reopens with the same agent, whose load follows.
    const reply = await call(
      'POST',
      `/tickets/${opened.body.id}/messages`,
      { body: '还是没收到。' },
      customer.body.accessToken,
    );
    expect(reply.status).toBe(201);
    expect(reply.body.ticket).toMatchObject({ status: 'ASSIGNED', assigneeId: agentId });
    const reopened = (await call('GET', '/support/agents', undefined, agent)).body.items.find(
      (a: { id: string }) => a.id === agentId,
    );
    expect(reopened.openCount).toBe(1);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const metrics = await call(
      'GET',
      `/support/metrics?from=${today}&to=${today}`,
      undefined,
      agent,
    );
    expect(metrics.status).toBe(200);
    expect(metrics.body.byAgent).toEqual([
      expect.objectContaining({ agentId, handled: 1, resolved: 0 }),
    ]);
  });
});
