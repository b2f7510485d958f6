import type { EventEnvelope } from '@emporium/contracts';
import { eventually, readTopic } from '@emporium/testing';
import { aCustomer, aMerchant, anAgent, startDesk, type Caller, type Desk } from './support';

const shanghai = (local: string) => new Date(`${local}+08:00`);
const MINUTE = 60_000;

describe('customer-service: SLA deadlines, breaches with escalation, and desk metrics', () => {
  let desk: Desk;
  const merchant = aMerchant();

  const open = (customer: Caller, over: Record<string, unknown>) =>
    desk.call(
      'POST',
      '/tickets',
      { type: 'PRE_SALE', channel: 'WEB', subject: 'question', message: 'Is it blue?', ...over },
      customer,
    );
  const ticketEvents = async (ticketId: string, type: string, until: (n: number) => boolean) => {
    const parse = (values: readonly { value: Buffer }[]) =>
      values
        .map((m) => JSON.parse(m.value.toString()) as EventEnvelope)
        .filter((e) => e.type === type && e.subject === ticketId);
    return parse(
      await readTopic(desk.kafka.brokers, 'support.ticket', (messages) =>
        until(parse(messages).length),
      ),
    );
  };
  const closeTo = (iso: string, expected: Date) => expect(iso).toBe(expected.toISOString());

  beforeAll(async () => {
    desk = await startDesk('cs_sla', { CUSTOMER_SERVICE_SLA_SWEEP_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await desk?.stop();
  });

  it('counts deadlines in Shanghai business hours across the night, and P1 around the clock', async () => {
    desk.clock.set(shanghai('2026-11-30T20:00:00')); // Monday evening
    const evening = await open(aCustomer(), {});
    expect(evening.body.priority).toBe('P4');
    closeTo(evening.body.slaDueAt, shanghai('2026-12-01T17:00:00')); // 8 business hours from Tuesday 09:00
    desk.clock.set(shanghai('2026-12-05T22:00:00')); // Saturday night
    const fraud = await open(aCustomer(), {
      type: 'COMPLAINT',
      subject: '诈骗',
      message: 'This is fraud, I will call the police',
    });
    expect(fraud.body.priority).toBe('P1');
    closeTo(fraud.body.slaDueAt, shanghai('2026-12-05T22:30:00'));
  });

  it('detects a missed first response on its timer, announces it once and escalates one step', async () => {
    desk.clock.set(shanghai('2026-11-30T10:00:00')); // Monday morning
    const customer = aCustomer();
    const { body: ticket } = await open(customer, {});
    expect(ticket.priority).toBe('P4');
    closeTo(ticket.slaDueAt, shanghai('2026-11-30T18:00:00'));
    closeTo(ticket.sla.resolutionDueAt, shanghai('2026-12-07T10:00:00')); // 45 business hours, over the weekend

    desk.clock.set(shanghai('2026-11-30T17:59:00'));
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (await desk.call('GET', `/tickets/${ticket.id}`, undefined, merchant)).body.priority,
    ).toBe('P4');

    desk.clock.set(shanghai('2026-11-30T18:01:00'));
    const escalated = await eventually(
      async () => {
        const t = (await desk.call('GET', `/tickets/${ticket.id}`, undefined, merchant)).body;
        return t.priority === 'P3' && t;
      },
      { what: 'the first-response breach' },
    );
    expect(escalated.sla.firstResponseBreached).toBe(true);
    closeTo(escalated.slaDueAt, shanghai('2026-12-07T10:00:00'));
    expect(escalated.priorityReasons.at(-1)).toMatchObject({ rule: 'sla-escalation' });
    expect(escalated.audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['sla-breached', 'priority-changed']),
    );
    const [breach] = await ticketEvents(ticket.id, 'ticket.sla-breached', (n) => n >= 1);
    expect(breach.data).toMatchObject({
      kind: 'FIRST_RESPONSE',
      priority: 'P4',
      escalatedTo: 'P3',
      customerId: customer.userId,
    });
    const [changed] = await ticketEvents(ticket.id, 'ticket.priority-changed', (n) => n >= 1);
    expect(changed.data).toMatchObject({ from: 'P4', to: 'P3' });

    // More sweeps do not announce it again.
    await new Promise((r) => setTimeout(r, 600));
    const announced = await desk.sql(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'ticket.sla-breached' AND message_key = $1`,
      [ticket.id],
    );
    expect(announced).toEqual([{ n: 1 }]);

    // Answered, then the resolution deadline passes: a second breach, a second step.
    expect(
      (
        await desk.call(
          'POST',
          `/tickets/${ticket.id}/messages`,
          { body: '是的，有蓝色' },
          anAgent(),
        )
      ).status,
    ).toBe(201);
    desk.clock.set(shanghai('2026-12-04T17:00:00'));
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (await desk.call('GET', `/tickets/${ticket.id}`, undefined, merchant)).body.priority,
    ).toBe('P3');
    desk.clock.set(shanghai('2026-12-07T10:05:00'));
    await eventually(
      async () =>
        (await desk.call('GET', `/tickets/${ticket.id}`, undefined, merchant)).body.priority ===
        'P2',
      { what: 'the resolution breach' },
    );
    const breaches = await ticketEvents(ticket.id, 'ticket.sla-breached', (n) => n >= 2);
    expect(breaches.map((e) => (e.data as { kind: string }).kind)).toEqual([
      'FIRST_RESPONSE',
      'RESOLUTION',
    ]);
  });

  it('reports first response and resolution times, breach rate, CSAT, by channel and by agent', async () => {
    const a = anAgent();
    const b = anAgent();
    const put = (agent: Caller, types: string[], channels: string[]) =>
      desk.call(
        'PUT',
        `/support/agents/${agent.userId}`,
        { name: agent.userId.slice(0, 4), skills: { types, channels }, maxOpen: 10, active: true },
        merchant,
      );
    await put(a, ['PRE_SALE'], ['WEB']);
    await put(b, ['AFTER_SALE'], ['CHAT']);
    const t0 = shanghai('2026-12-15T10:00:00'); // a Tuesday
    desk.clock.set(t0);
    const customer = aCustomer();
    const t1 = (await open(customer, {})).body;
    const t2 = (await open(customer, {})).body;
    const t3 = (
      await open(customer, { type: 'AFTER_SALE', channel: 'CHAT', message: 'size exchange' })
    ).body;
    const t4 = (await open(customer, { message: '诈骗! fraud, I am calling the police' })).body;
    expect([t1.assigneeId, t2.assigneeId, t3.assigneeId, t4.assigneeId]).toEqual([
      a.userId,
      a.userId,
      b.userId,
      a.userId,
    ]);
    expect(t4.priority).toBe('P1');

    const at = async (minutes: number, step: () => Promise<unknown>) => {
      desk.clock.set(new Date(t0.getTime() + minutes * MINUTE));
      await step();
    };
    const reply = (id: string, agent: Caller) =>
      desk.call('POST', `/tickets/${id}/messages`, { body: '您好' }, agent);
    const resolve = (id: string, agent: Caller) =>
      desk.call('POST', `/tickets/${id}/status`, { status: 'RESOLVED' }, agent);
    await at(10, () => reply(t1.id, a));
    await at(20, () => reply(t3.id, b));
    await at(30, () => reply(t2.id, a));
    await at(60, () => resolve(t1.id, a));
    await at(90, () => resolve(t3.id, b));
    await at(120, () => resolve(t2.id, a));
    await desk.call('POST', `/tickets/${t1.id}/satisfaction`, { score: 5 }, customer);
    await desk.call(
      'POST',
      `/tickets/${t2.id}/satisfaction`,
      { score: 3, comment: '一般' },
      customer,
    );

    const res = await desk.call(
      'GET',
      '/support/metrics?from=2026-12-15&to=2026-12-15',
      undefined,
      a,
    );
    expect(res.status).toBe(200);
    const m = res.body;
    expect(m.tickets).toBe(4);
    expect(m.firstResponseMinutes).toEqual({ median: 20, p90: 28 });
    expect(m.resolutionMinutes).toEqual({ median: 90, p90: 114 });
    expect(m.slaBreachRate).toBe(0.25); // the P1 ticket nobody answered within 30 minutes
    expect(m.csatAverage).toBe(4);
    expect(m.byChannel).toEqual([
      expect.objectContaining({ channel: 'CHAT', tickets: 1, slaBreachRate: 0 }),
      expect.objectContaining({
        channel: 'WEB',
        tickets: 3,
        slaBreachRate: 0.3333,
        csatAverage: 4,
      }),
    ]);
    const byAgent = Object.fromEntries(m.byAgent.map((x: { agentId: string }) => [x.agentId, x]));
    expect(byAgent[a.userId]).toMatchObject({
      handled: 3,
      resolved: 2,
      resolutionMinutesMedian: 90,
      firstResponseMinutesMedian: 20,
      csatAverage: 4,
    });
    expect(byAgent[b.userId]).toMatchObject({
      handled: 1,
      resolved: 1,
      resolutionMinutesMedian: 90,
      csatAverage: null,
    });

    const dayBefore = await desk.call(
      'GET',
      '/support/metrics?from=2026-12-14T00:00:00%2B08:00&to=2026-12-15T00:00:00%2B08:00',
      undefined,
      merchant,
    );
    expect(dayBefore.body).toMatchObject({
      tickets: 0,
      slaBreachRate: 0,
      csatAverage: null,
      firstResponseMinutes: { median: null, p90: null },
    });
    expect(
      (
        await desk.call(
          'GET',
          '/support/metrics?from=2026-12-15&to=2026-12-15',
          undefined,
          customer,
        )
      ).status,
    ).toBe(403);
    expect(
      (await desk.call('GET', '/support/metrics?from=yesterday&to=2026-12-15', undefined, merchant))
        .status,
    ).toBe(400);
  });
});
