import { randomUUID } from 'node:crypto';
import { consumerGroups, eventually, SERVICE_NAMES, type ServiceProcess } from '@emporium/testing';
import { money } from '@emporium/contracts';
import {
  aRegisteredCustomer,
  aStaffMember,
  aStockedProduct,
  gatewayCall,
  login,
  readStatusEvents,
  runningPlatform,
  SHANGHAI_ADDRESS,
} from './support/shop';

const ADMIN = { email: 'admin@scale-out.test', password: 'scale-out-admin-password' };
const CHECKOUTS = 12;

/**
 * Every service, the gateway included, runs as two processes, as two replicas would: they share
 * a database and consumer groups, split the topics' partitions, and checkouts that cross from one
 * gateway to the other have each effect once.
 */
describe('two replicas of every service', () => {
  const shop = runningPlatform(SERVICE_NAMES, {
    EMPORIUM_ADMIN_EMAIL: ADMIN.email,
    EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
  });
  const replicas = new Map<string, ServiceProcess>();
  beforeAll(async () => {
    for (const name of SERVICE_NAMES) replicas.set(name, await shop.processes().replicate(name));
  });
  const gateways = () => [shop.call, gatewayCall(() => `${replicas.get('gateway')!.url}/api/v1`)];

  it('splits every consumer group between the two processes', async () => {
    const groupIds = SERVICE_NAMES.map(
      (name) => shop.processes().services[name].env.KAFKA_GROUP_ID,
    );
    await eventually(
      async () =>
        (await consumerGroups(shop.kafka().brokers, groupIds)).every(
          (group) =>
            group.state === 'Stable' &&
            group.partitionsPerMember.length === 2 &&
            group.partitionsPerMember.every((partitions) => partitions > 0),
        ),
      { what: 'every group with two members, each given partitions', timeoutMs: 60_000 },
    );
  });

  it('takes checkouts through either gateway to PAID once each, streamed by the other', async () => {
    const [first, second] = gateways();
    const admin = await login(first, ADMIN.email, ADMIN.password);
    const merchant = await aStaffMember(first, admin);
    const onHand = 50;
    const { sku } = await aStockedProduct(first, merchant, { price: money(5_000), onHand });

    const checkout = async (i: number) => {
      // Each step through the gateway the previous one did not use.
      const [here, there] = i % 2 === 0 ? [first, second] : [second, first];
      const { token } = await aRegisteredCustomer(here);
      expect((await there('POST', '/cart/items', { sku, quantity: 1 }, token)).status).toBe(200);
      const placed = await here(
        'POST',
        '/orders',
        {
          shippingAddress: SHANGHAI_ADDRESS,
          deliveryOption: 'STANDARD',
          paymentMethod: 'SANDBOX_CARD',
        },
        token,
        { 'idempotency-key': randomUUID() },
      );
      expect(placed.status).toBe(201);
      const orderId = placed.body.id as string;
      const streamBase = there === first ? shop.api() : `${replicas.get('gateway')!.url}/api/v1`;
      const stream = await fetch(`${streamBase}/orders/${orderId}/stream?access_token=${token}`);
      expect(stream.status).toBe(200);
      const streamed = readStatusEvents(stream, (s) => s.includes('PAID'));
      const payment = await eventually(
        async () =>
          (await there('GET', `/payments?orderId=${orderId}`, undefined, token)).body.items?.[0],
        { what: 'the payment', timeoutMs: 30_000 },
      );
      const confirmed = await here(
        'POST',
        `/payments/${payment.id}/confirm`,
        { simulate: 'success' },
        token,
        { 'idempotency-key': randomUUID() },
      );
      expect(confirmed.body.status).toBe('CAPTURED');
      expect((await streamed).map((event) => event.status)).toContain('PAID');
      return { orderId, token };
    };
    const orders = await Promise.all(Array.from({ length: CHECKOUTS }, (_, i) => checkout(i)));

    for (const [i, { orderId, token }] of orders.entries()) {
      const call = gateways()[i % 2];
      const order = await eventually(
        async () => {
          const body = (await call('GET', `/orders/${orderId}`, undefined, token)).body;
          return body.status === 'FULFILLING' ? body : undefined;
        },
        { what: `order ${i} fulfilling`, timeoutMs: 30_000 },
      );
      const statuses = (order.statusHistory as { status: string }[]).map((entry) => entry.status);
      expect(statuses.filter((status) => status === 'PAID')).toHaveLength(1);
      const payments = (await call('GET', `/payments?orderId=${orderId}`, undefined, token)).body;
      expect(payments.items).toHaveLength(1);
      const shipments = (await call('GET', `/shipments?orderId=${orderId}`, undefined, token)).body;
      expect(shipments.items).toHaveLength(1);
    }
    // Each order took its unit from the shelf once: neither replica repeated a reservation.
    await eventually(
      async () => {
        const stock = (await first('GET', `/inventory/${sku}`, undefined, merchant)).body;
        return (
          stock.warehouses?.[0]?.onHand === onHand - CHECKOUTS && stock.warehouses[0].reserved === 0
        );
      },
      { what: `${onHand - CHECKOUTS} units on hand and none reserved`, timeoutMs: 30_000 },
    );
  });
});
