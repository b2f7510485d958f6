/**
 * Customer-service benchmark, with 100,000 tickets loaded (bulk SQL: ~90 % resolved or closed, the
 * rest in the queue). Prints one JSON line per scenario, each with a baseline from the same run:
 * - `GET /tickets` (the agent queue: priority, then SLA deadline, first page of 20) and the same
 *   filtered by priority and channel, req/s and p50/p99 with autocannon (50 connections) against
 *   the customer-service process, next to a raw `node:http` server answering the same bytes;
 * - `POST /tickets` (priority scoring, SLA deadlines, routing among 10 agents, audit, outbox),
 *   next to the same raw server and to a single-statement `INSERT INTO tickets` baseline driven by
 *   the same number of concurrent callers through a 10-connection pool.
 *
 *   npm run bench support      (or, after a build: node -r @swc-node/register bench/support/run.ts
 *                               [--seconds 5] [--tickets 100000], with SWC_NODE_PROJECT=tsconfig.json)
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { databaseUrl, dropDatabase } from '@emporium/platform-persistence';
import {
  resolveDataInfrastructure,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
} from '@emporium/testing';
import { customerServiceEntry } from '../../apps/customer-service/src/app.module';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    tickets: { type: 'string', default: '100000' },
  },
});
const SECONDS = Number(args.seconds);
const TICKETS = Number(args.tickets);
const CONNECTIONS = 50;
const report = (line: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ bench: 'support', ...line })}\n`);

interface CannonResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

function cannon(
  url: string,
  options: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {},
) {
  return new Promise<CannonResult>((resolve, reject) =>
    autocannon(
      {
        url,
        method: options.method ?? 'GET',
        connections: CONNECTIONS,
        duration: SECONDS,
        body: options.body,
        headers: options.headers,
      },
      (error, r) =>
        error
          ? reject(error)
          : resolve({
              requestsPerSecond: r.requests.average,
              p50Ms: r.latency.p50,
              p99Ms: r.latency.p99,
              errors: r.errors + r.non2xx,
            }),
    ),
  );
}

/** A raw node:http server answering `answer` with `status` to everything. */
async function rawServer(status: number, answer: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(answer),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Closed loop of CONNECTIONS callers for SECONDS. */
async function closedLoop(work: () => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const started = process.hrtime.bigint();
        await work();
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
  return {
    requestsPerSecond: Math.round(latencies.length / SECONDS),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** 100,000 tickets of every type, channel and priority; most of them finished, as a desk's history is. */
async function load(pool: Pool, agents: readonly string[]): Promise<number> {
  await pool.query(
    `INSERT INTO tickets (customer_id, type, channel, subject, category, status, priority, priority_score, priority_reasons,
                          assignee_id, origin, first_response_due_at, resolution_due_at, sla_due_at, first_response_at,
                          resolved_at, created_at, updated_at)
     SELECT gen_random_uuid(),
            (ARRAY['PRE_SALE','ORDER_ISSUE','AFTER_SALE','COMPLAINT','OTHER'])[1 + n % 5],
            (ARRAY['WEB','CHAT','PHONE','EMAIL','SOCIAL'])[1 + (n / 5) % 5],
            'bench ticket ' || n, 'OTHER',
            CASE WHEN n % 10 = 0 THEN (ARRAY['OPEN','ASSIGNED','PENDING_CUSTOMER'])[1 + (n / 10) % 3]
                 WHEN n % 10 < 6 THEN 'CLOSED' ELSE 'RESOLVED' END,
            (ARRAY['P1','P2','P3','P4'])[1 + (n / 7) % 4], 10, '[]'::jsonb,
            CASE WHEN n % 10 = 0 AND (n / 10) % 3 = 0 THEN NULL ELSE ($1::uuid[])[1 + n % array_length($1::uuid[], 1)] END,
            'CUSTOMER',
            created + interval '4 hours', created + interval '3 days', created + interval '4 hours',
            CASE WHEN n % 10 = 0 AND (n / 10) % 3 = 0 THEN NULL ELSE created + interval '30 minutes' END,
            CASE WHEN n % 10 <> 0 THEN created + interval '5 hours' END,
            created, created
       FROM generate_series(1, $2::int) AS n,
            LATERAL (SELECT now() - (n || ' minutes')::interval AS created) c`,
    [agents, TICKETS],
  );
  // The loaded history counts toward the agents' loads, as if it had been routed.
  await pool.query(
    `UPDATE support_agents a SET open_count =
       (SELECT count(*) FROM tickets t WHERE t.assignee_id = a.id AND t.status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER'))`,
  );
  await pool.query('VACUUM ANALYZE tickets');
  const [{ count }] = (
    await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM tickets')
  ).rows;
  return count;
}

async function main() {
  const infrastructure = await resolveDataInfrastructure();
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.env.REDIS_URL = infrastructure.redisUrl;
  const kafka = await startTestKafka();
  const database = `bench_support_${uniqueSuffix()}`;
  const platform = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['customer-service'],
    env: { LOG_LEVEL: 'error', DATABASE_NAME: database },
  });
  const pool = new Pool({
    connectionString: databaseUrl(infrastructure.databaseUrl, database),
    max: 10,
  });
  const servers: Server[] = [];
  try {
    const url = platform.services['customer-service'].url;
    const secret = customerServiceEntry.loadConfig({ NODE_ENV: 'test' }).INTERNAL_AUTH_SECRET;
    const as = async (roles: ('customer' | 'agent' | 'merchant')[]) => ({
      'content-type': 'application/json',
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles, memberTier: 'SILVER' },
        secret,
        3_600,
      ),
    });
    const merchant = await as(['merchant']);
    const agents = Array.from({ length: 10 }, () => randomUUID());
    for (const [i, id] of agents.entries()) {
      const res = await fetch(`${url}/support/agents/${id}`, {
        method: 'PUT',
        headers: merchant,
        body: JSON.stringify({
          name: `Agent ${i}`,
          skills: { types: [], channels: [] },
          maxOpen: 100_000,
          active: true,
        }),
      });
      if (res.status !== 200) throw new Error(`agent: ${res.status} ${await res.text()}`);
    }
    const loaded = await load(pool, agents);
    const agent = await as(['agent']);

    for (const [scenario, path] of [
      ['agent-queue', '/tickets?limit=20'],
      ['agent-queue-filtered', '/tickets?priority=P2&channel=CHAT&limit=20'],
    ] as const) {
      const answer = await (await fetch(`${url}${path}`, { headers: agent })).text();
      if (!answer.includes('"items":[{')) throw new Error(`queue answered ${answer.slice(0, 200)}`);
      const raw = await rawServer(200, answer);
      servers.push(raw.server);
      const service = await cannon(`${url}${path}`, { headers: agent });
      const baseline = await cannon(raw.url);
      report({
        scenario,
        tickets: loaded,
        connections: CONNECTIONS,
        ...service,
        baseline: { name: 'raw node:http, same bytes', ...baseline },
        ratio: Number((service.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
      });
    }

    const customer = await as(['customer']);
    const body = JSON.stringify({
      type: 'ORDER_ISSUE',
      channel: 'CHAT',
      subject: '快递三天没动了',
      message: 'My parcel has not moved for three days, urgent please',
    });
    const sample = await fetch(`${url}/tickets`, { method: 'POST', headers: customer, body });
    if (sample.status !== 201)
      throw new Error(`create answered ${sample.status} ${await sample.text()}`);
    const raw = await rawServer(201, await sample.text());
    servers.push(raw.server);
    const service = await cannon(`${url}/tickets`, { method: 'POST', headers: customer, body });
    const baseline = await cannon(raw.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    const insert = await closedLoop(() =>
      pool.query(
        `INSERT INTO tickets (customer_id, type, channel, subject, category, status, priority, priority_score, priority_reasons, origin,
                              first_response_due_at, resolution_due_at, sla_due_at, created_at, updated_at)
         VALUES ($1, 'ORDER_ISSUE', 'CHAT', 'x', 'ORDER_ISSUE', 'OPEN', 'P3', 0, '[]', 'CUSTOMER', now(), now(), now(), now(), now())`,
        [randomUUID()],
      ),
    );
    report({
      scenario: 'ticket-create',
      tickets: loaded,
      connections: CONNECTIONS,
      ...service,
      baseline: { name: 'raw node:http, same bytes', ...baseline },
      ratio: Number((service.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)),
      sqlBaseline: { name: 'single INSERT INTO tickets, 10-connection pool', ...insert },
      sqlRatio: Number((service.requestsPerSecond / insert.requestsPerSecond).toFixed(3)),
    });
  } finally {
    for (const server of servers) server.close();
    await pool.end();
    await platform.stop();
    await dropDatabase(infrastructure.databaseUrl, database).catch(() => undefined);
    await kafka.stop();
    await infrastructure.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
