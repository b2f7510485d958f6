import { randomUUID } from 'node:crypto';
import { eventually, readEvent } from '@emporium/testing';
import { aCustomer, aMerchant, anAgent, startDesk, type Caller, type Desk } from './support';

describe('customer-service: tickets, permissions, routing, canned replies and audit', () => {
  let desk: Desk;
  const merchant = aMerchant();
  const alice = anAgent();
  const bob = anAgent();
  const complaintsOnly = anAgent();

  const open = (customer: Caller, over: Record<string, unknown> = {}) =>
    desk.call(
      'POST',
      '/tickets',
      {
        type: 'ORDER_ISSUE',
        channel: 'WEB',
        subject: '快递没到',
        message: 'Where is my parcel?',
        ...over,
      },
      customer,
    );

  beforeAll(async () => {
    desk = await startDesk('cs_desk');
  });

  afterAll(async () => {
    await desk?.stop();
  });

  let firstComplaint: string;

  it('opens an OPEN ticket for a customer with priority, reasons, category and SLA deadline', async () => {
    const customer = aCustomer('GOLD');
    const res = await open(customer, {
      type: 'COMPLAINT',
      subject: '紧急投诉',
      message: 'I want a refund now, urgent!',
    });
    expect(res.status).toBe(201);
    // Urgent complaint (20 + 15) + refund (15) + COMPLAINT (20) + GOLD (10) = 80 → P1.
    expect(res.body).toMatchObject({
      id: expect.any(String),
      status: 'OPEN',
      priority: 'P1',
      priorityScore: 80,
      category: 'COMPLAINT/refund',
      slaDueAt: expect.any(String),
    });
    firstComplaint = res.body.id;
    expect(res.body.priorityReasons.map((r: { rule: string }) => r.rule)).toEqual(
      expect.arrayContaining([
        'words.complaint',
        'words.urgent',
        'words.refund',
        'type',
        'member-tier',
      ]),
    );
    const opened = await readEvent(desk.kafka.brokers, 'ticket.opened', res.body.id);
    expect(opened.data).toMatchObject({
      ticketId: res.body.id,
      customerId: customer.userId,
      priority: 'P1',
      origin: 'CUSTOMER',
    });
  });

  it('refuses tickets from staff (403), anonymous callers (401) and bad input (400 with fields)', async () => {
    expect((await open(alice)).status).toBe(403);
    expect((await desk.call('POST', '/tickets', { type: 'ORDER_ISSUE' })).status).toBe(401);
    const bad = await desk.call(
      'POST',
      '/tickets',
      {
        type: 'WHINE',
        channel: 'FAX',
        subject: '',
        message: 'x',
        attachments: [{ url: 'javascript:alert(1)' }],
        extra: 1,
      },
      aCustomer(),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['type', 'channel', 'subject', 'attachments[0].url', 'extra']),
    );
  });

  it('shows a customer only their own tickets; others answer 404; staff see all', async () => {
    const owner = aCustomer();
    const stranger = aCustomer();
    const { body: ticket } = await open(owner, {
      attachments: [{ url: 'https://img.example.com/a.jpg', name: 'a.jpg' }],
    });
    expect((await desk.call('GET', `/tickets/${ticket.id}`, undefined, stranger)).status).toBe(404);
    expect(
      (await desk.call('POST', `/tickets/${ticket.id}/messages`, { body: 'hi' }, stranger)).status,
    ).toBe(404);
    const mine = await desk.call('GET', `/tickets/${ticket.id}`, undefined, owner);
    expect(mine.status).toBe(200);
    expect(mine.body.messages).toEqual([
      expect.objectContaining({
        author: 'CUSTOMER',
        attachments: [{ url: 'https://img.example.com/a.jpg', name: 'a.jpg' }],
      }),
    ]);
    expect(mine.body.audit).toBeUndefined();
    const list = await desk.call('GET', '/tickets', undefined, owner);
    expect(list.body).toEqual({
      items: [expect.objectContaining({ id: ticket.id })],
      nextCursor: null,
    });
    expect((await desk.call('GET', '/tickets', undefined, stranger)).body.items).toEqual([]);
    expect(
      (await desk.call('GET', `/tickets/${ticket.id}`, undefined, merchant)).body.audit,
    ).toEqual([
      expect.objectContaining({ action: 'opened', actorId: owner.userId, actorRole: 'customer' }),
    ]);
  });

  it('manages agents (merchant only) and routes new tickets to the least-loaded skilled agent under the cap', async () => {
    const put = (agent: Caller, body: unknown, as: Caller = merchant) =>
      desk.call('PUT', `/support/agents/${agent.userId}`, body, as);
    expect(
      (
        await put(
          alice,
          { name: 'Alice', skills: { types: [], channels: [] }, maxOpen: 5, active: true },
          alice,
        )
      ).status,
    ).toBe(403);
    const created = await put(alice, {
      name: 'Alice',
      skills: { types: ['ORDER_ISSUE', 'AFTER_SALE'], channels: ['WEB', 'CHAT'] },
      maxOpen: 2,
      active: true,
    });
    expect(created).toMatchObject({
      status: 200,
      body: { id: alice.userId, name: 'Alice', maxOpen: 2, active: true, openCount: 0 },
    });
    await put(bob, {
      name: 'Bob',
      skills: { types: ['ORDER_ISSUE'], channels: ['WEB'] },
      maxOpen: 1,
      active: true,
    });
    await put(complaintsOnly, {
      name: 'Carol',
      skills: { types: ['COMPLAINT'], channels: [] },
      maxOpen: 10,
      active: true,
    });

    const customer = aCustomer();
    const first = await open(customer);
    const second = await open(customer);
    const third = await open(customer);
    const fourth = await open(customer);
    const assignees = [first, second, third, fourth].map((r) => r.body.assigneeId);
    // Alice and Bob share the first two; Alice (cap 2) takes the third; nobody has room for the fourth.
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([alice.userId, bob.userId]));
    expect(assignees[2]).toBe(alice.userId);
    expect(fourth.body).toMatchObject({ status: 'OPEN', assigneeId: null });
    expect(first.body.status).toBe('ASSIGNED');
    const chat = await open(customer, { channel: 'PHONE' });
    expect(chat.body.assigneeId).toBeNull(); // nobody has the PHONE skill for ORDER_ISSUE

    const agents = await desk.call('GET', '/support/agents', undefined, alice);
    const load = Object.fromEntries(
      agents.body.items.map((a: { id: string; openCount: number }) => [a.id, a.openCount]),
    );
    expect(load).toMatchObject({ [alice.userId]: 2, [bob.userId]: 1, [complaintsOnly.userId]: 0 });
    const assigned = await readEvent(desk.kafka.brokers, 'ticket.assigned', first.body.id);
    expect(assigned.data).toMatchObject({ by: 'ROUTING', assigneeId: first.body.assigneeId });

    // The monitor offers waiting tickets again: Carol takes the complaint opened before she joined,
    // and the slot Alice frees goes to the oldest waiting ticket she has the skills for.
    await desk.call('POST', `/tickets/${third.body.id}/status`, { status: 'RESOLVED' }, alice);
    await desk.sweep();
    expect(
      (await desk.call('GET', `/tickets/${firstComplaint}`, undefined, merchant)).body,
    ).toMatchObject({ status: 'ASSIGNED', assigneeId: complaintsOnly.userId });
    const after = await desk.call('GET', '/support/agents', undefined, alice);
    expect(after.body.items.find((a: { id: string }) => a.id === alice.userId).openCount).toBe(2);
  });

  it('serves the agent queue by priority then SLA deadline, with filters and cursors', async () => {
    const customer = aCustomer();
    await open(customer, {
      type: 'PRE_SALE',
      channel: 'SOCIAL',
      subject: 'colour?',
      message: 'Is it blue?',
    });
    await open(customer, {
      type: 'COMPLAINT',
      channel: 'SOCIAL',
      subject: 'fraud',
      message: '诈骗! my lawyer will sue you',
    });
    const queue = await desk.call('GET', '/tickets?limit=500', undefined, alice);
    expect(queue.status).toBe(200);
    const keys = queue.body.items.map(
      (t: { priority: string; slaDueAt: string }) => `${t.priority}|${t.slaDueAt}`,
    );
    expect(keys).toEqual([...keys].sort());
    expect(
      queue.body.items.every((t: { status: string }) =>
        ['OPEN', 'ASSIGNED', 'PENDING_CUSTOMER'].includes(t.status),
      ),
    ).toBe(true);
    const social = await desk.call('GET', '/tickets?channel=SOCIAL', undefined, alice);
    expect(social.body.items.map((t: { priority: string }) => t.priority)).toEqual(['P1', 'P4']);
    const mine = await desk.call(
      'GET',
      `/tickets?assigneeId=${alice.userId}&status=ASSIGNED`,
      undefined,
      alice,
    );
    expect(
      mine.body.items.every((t: { assigneeId: string }) => t.assigneeId === alice.userId),
    ).toBe(true);
    const page1 = await desk.call('GET', '/tickets?limit=2', undefined, alice);
    const page2 = await desk.call(
      'GET',
      `/tickets?limit=2&cursor=${page1.body.nextCursor}`,
      undefined,
      alice,
    );
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[1].id);
    expect(queue.body.items.slice(0, 4).map((t: { id: string }) => t.id)).toEqual(
      [...page1.body.items, ...page2.body.items].map((t: { id: string }) => t.id),
    );
    expect((await desk.call('GET', '/tickets?cursor=nonsense', undefined, alice)).status).toBe(400);
  });

  it('walks the lifecycle: pending customer, customer reply, resolve, reopen, close, rate once', async () => {
    const customer = aCustomer();
    const { body: ticket } = await open(customer, { type: 'AFTER_SALE', channel: 'CHAT' });
    const id = ticket.id as string;
    const status = (s: string, as: Caller = alice) =>
      desk.call('POST', `/tickets/${id}/status`, { status: s }, as);
    const reply = (body: string, as: Caller) =>
      desk.call('POST', `/tickets/${id}/messages`, { body }, as);
    const current = async () =>
      (await desk.call('GET', `/tickets/${id}`, undefined, merchant)).body;

    expect(ticket.status).toBe('OPEN'); // Alice, the only AFTER_SALE/CHAT agent, is at her cap
    expect((await status('RESOLVED')).status).toBe(409);
    expect(
      (await desk.call('POST', `/tickets/${id}/assign`, { agentId: bob.userId }, customer)).status,
    ).toBe(403);
    expect(
      (await desk.call('POST', `/tickets/${id}/assign`, { agentId: randomUUID() }, alice)).status,
    ).toBe(422);
    const assigned = await desk.call(
      'POST',
      `/tickets/${id}/assign`,
      { agentId: bob.userId },
      alice,
    );
    expect(assigned).toMatchObject({
      status: 200,
      body: { status: 'ASSIGNED', assigneeId: bob.userId },
    });

    const agentReply = await reply('请提供照片 / please send a photo', bob);
    expect(agentReply).toMatchObject({
      status: 201,
      body: { author: 'AGENT', ticket: { status: 'ASSIGNED' } },
    });
    expect((await current()).firstResponseAt).toEqual(expect.any(String));
    expect((await status('PENDING_CUSTOMER', bob)).body.status).toBe('PENDING_CUSTOMER');
    expect((await status('PENDING_CUSTOMER', customer)).status).toBe(403);
    expect((await reply('here it is', customer)).body.ticket.status).toBe('ASSIGNED');
    expect(
      (await desk.call('POST', `/tickets/${id}/satisfaction`, { score: 5 }, customer)).status,
    ).toBe(409);
    expect((await status('CLOSED', bob)).status).toBe(409);
    expect((await status('RESOLVED', bob)).body.status).toBe('RESOLVED');
    expect((await reply('still broken', customer)).body.ticket.status).toBe('ASSIGNED'); // reopened within 7 days
    expect((await status('RESOLVED', bob)).body.status).toBe('RESOLVED');
    expect((await status('CLOSED', customer)).body.status).toBe('CLOSED');
    expect((await reply('hello?', customer)).status).toBe(409);

    expect(
      (await desk.call('POST', `/tickets/${id}/satisfaction`, { score: 6 }, customer)).status,
    ).toBe(400);
    expect((await desk.call('POST', `/tickets/${id}/satisfaction`, { score: 4 }, bob)).status).toBe(
      403,
    );
    expect(
      (await desk.call('POST', `/tickets/${id}/satisfaction`, { score: 4 }, aCustomer())).status,
    ).toBe(404);
    const rated = await desk.call(
      'POST',
      `/tickets/${id}/satisfaction`,
      { score: 4, comment: '很好' },
      customer,
    );
    expect(rated).toMatchObject({ status: 201, body: { ticketId: id, score: 4, comment: '很好' } });
    expect(
      (await desk.call('POST', `/tickets/${id}/satisfaction`, { score: 5 }, customer)).status,
    ).toBe(409);
    const ratedEvent = await readEvent(desk.kafka.brokers, 'ticket.rated', id);
    expect(ratedEvent.data).toMatchObject({ score: 4, assigneeId: bob.userId });

    const final = await current();
    expect(final.satisfaction).toMatchObject({ score: 4 });
    expect(final.audit.map((a: { action: string }) => a.action)).toEqual([
      'opened',
      'assigned',
      'status-changed',
      'replied',
      'status-changed',
      'replied',
      'status-changed',
      'status-changed',
      'replied',
      'status-changed',
      'status-changed',
      'status-changed',
      'rated',
    ]);
    expect(final.audit.every((a: { at: string; actorRole: string }) => a.at && a.actorRole)).toBe(
      true,
    );
  });

  it('reopens a RESOLVED ticket only within the window, as OPEN when nobody has it', async () => {
    const customer = aCustomer();
    const { body: ticket } = await open(customer, { type: 'OTHER', channel: 'EMAIL' });
    await desk.call('POST', `/tickets/${ticket.id}/messages`, { body: 'looking' }, merchant); // merchant takes it
    await desk.call('POST', `/tickets/${ticket.id}/status`, { status: 'RESOLVED' }, merchant);
    await desk.sql('UPDATE tickets SET assignee_id = NULL WHERE id = $1', [ticket.id]);
    expect(
      (await desk.call('POST', `/tickets/${ticket.id}/messages`, { body: 'again' }, customer)).body
        .ticket.status,
    ).toBe('OPEN');

    const late = (await open(customer, { type: 'OTHER', channel: 'EMAIL' })).body;
    await desk.call('POST', `/tickets/${late.id}/messages`, { body: 'ok' }, merchant);
    await desk.call('POST', `/tickets/${late.id}/status`, { status: 'RESOLVED' }, merchant);
    desk.clock.advance(8 * 86_400_000);
    try {
      expect(
        (await desk.call('POST', `/tickets/${late.id}/messages`, { body: 'again' }, customer))
          .status,
      ).toBe(409);
      await desk.sweep(); // past the window the monitor closes it
      expect((await desk.call('GET', `/tickets/${late.id}`, undefined, customer)).body.status).toBe(
        'CLOSED',
      );
    } finally {
      desk.clock.advance(-8 * 86_400_000);
    }
  });

  it('keeps canned replies and renders them into messages from the ticket context', async () => {
    const customer = aCustomer();
    await desk.publish('customer.registered', customer.userId, {
      customerId: customer.userId,
      email: 'li@example.com',
      name: '李雷',
      memberTier: 'SILVER',
      registeredAt: new Date().toISOString(),
    });
    const orderId = randomUUID();
    await desk.publish('order.placed', orderId, {
      orderId,
      number: 'EM20261125-000042',
      customerId: customer.userId,
      memberTier: 'SILVER',
      lines: [],
      totals: {
        subtotal: { amount: 5000, currency: 'CNY' },
        discount: { amount: 0, currency: 'CNY' },
        shipping: { amount: 0, currency: 'CNY' },
        total: { amount: 5000, currency: 'CNY' },
      },
    });
    await eventually(
      async () => (await desk.sql('SELECT 1 FROM order_views WHERE id = $1', [orderId])).length > 0,
      { what: 'the order read model' },
    );

    const bad = await desk.call(
      'POST',
      '/support/canned-replies',
      { name: 'x', body: 'Hi {{password}}' },
      alice,
    );
    expect(bad.status).toBe(422);
    const created = await desk.call(
      'POST',
      '/support/canned-replies',
      {
        name: '物流',
        body: '{{customerName}}您好，订单{{orderNumber}}已加急处理。— {{agentName}}',
      },
      alice,
    );
    expect(created.status).toBe(201);
    expect(
      (await desk.call('POST', '/support/canned-replies', { name: 'x', body: 'y' }, customer))
        .status,
    ).toBe(403);
    const patched = await desk.call(
      'PATCH',
      `/support/canned-replies/${created.body.id}`,
      { name: '物流加急' },
      merchant,
    );
    expect(patched.body).toMatchObject({ name: '物流加急', body: created.body.body });
    const nulled = await desk.call(
      'PATCH',
      `/support/canned-replies/${created.body.id}`,
      { body: null },
      merchant,
    );
    expect(nulled.status).toBe(400);
    expect(
      (await desk.call('GET', '/support/canned-replies', undefined, alice)).body.items.map(
        (r: { id: string }) => r.id,
      ),
    ).toContain(created.body.id);

    const { body: ticket } = await open(customer, { orderId, channel: 'CHAT' });
    const reply = await desk.call(
      'POST',
      `/tickets/${ticket.id}/messages`,
      { templateId: created.body.id },
      alice,
    );
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      body: '李雷您好，订单EM20261125-000042已加急处理。— Alice',
      templateId: created.body.id,
    });
    expect(
      (
        await desk.call(
          'POST',
          `/tickets/${ticket.id}/messages`,
          { templateId: created.body.id },
          customer,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await desk.call(
          'POST',
          `/tickets/${ticket.id}/messages`,
          { body: 'x', templateId: created.body.id },
          alice,
        )
      ).status,
    ).toBe(400);

    expect(
      (await desk.call('DELETE', `/support/canned-replies/${created.body.id}`, undefined, merchant))
        .status,
    ).toBe(204);
    expect(
      (await desk.call('GET', `/support/canned-replies/${created.body.id}`, undefined, merchant))
        .status,
    ).toBe(404);
  });

  it('refuses to link an order of another customer', async () => {
    const owner = aCustomer();
    const orderId = randomUUID();
    await desk.publish('order.placed', orderId, {
      orderId,
      number: 'EM-X',
      customerId: owner.userId,
      memberTier: 'REGULAR',
      lines: [],
      totals: { total: { amount: 100, currency: 'CNY' } },
    });
    await eventually(
      async () => (await desk.sql('SELECT 1 FROM order_views WHERE id = $1', [orderId])).length > 0,
      { what: 'the order read model' },
    );
    expect((await open(aCustomer(), { orderId })).status).toBe(404);
    expect((await open(owner, { orderId })).status).toBe(201);
  });

  it('refuses an agent profile without skills with 400, creating nothing', async () => {
    const erin = anAgent();
    const res = await desk.call(
      'PUT',
      `/support/agents/${erin.userId}`,
      { name: 'Erin', maxOpen: 0, active: true },
      merchant,
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'skills' })]);
    expect(await desk.sql('SELECT 1 FROM support_agents WHERE id = $1', [erin.userId])).toEqual([]);
  });

  it('never routes past an agent’s cap, however many tickets open at once', async () => {
    const dave = anAgent();
    await desk.call(
      'PUT',
      `/support/agents/${dave.userId}`,
      {
        name: 'Dave',
        skills: { types: ['OTHER'], channels: ['SOCIAL'] },
        maxOpen: 5,
        active: true,
      },
      merchant,
    );
    const customer = aCustomer();
    const opened = await Promise.all(
      Array.from({ length: 20 }, () => open(customer, { type: 'OTHER', channel: 'SOCIAL' })),
    );
    expect(opened.every((r) => r.status === 201)).toBe(true);
    expect(opened.filter((r) => r.body.assigneeId === dave.userId)).toHaveLength(5);
    expect(
      opened.filter((r) => r.body.status === 'OPEN' && r.body.assigneeId === null),
    ).toHaveLength(15);
    const agents = await desk.call('GET', '/support/agents', undefined, merchant);
    expect(agents.body.items.find((a: { id: string }) => a.id === dave.userId)).toMatchObject({
      openCount: 5,
      maxOpen: 5,
    });
    expect(
      (await desk.call('GET', '/tickets?limit=500', undefined, merchant)).body.items.length,
    ).toBeLessThanOrEqual(100);
  });
});
