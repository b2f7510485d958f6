import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createKafka, partitioner } from '@emporium/platform-messaging';
import {
  eventually,
  publishEvents,
  startPlatformProcesses,
  startTestKafka,
  uniqueSuffix,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';
import { scriptedHistory } from './scripted-events';

const ADMIN = { email: 'dashboard-admin@emporium.test', password: 'dashboard-browser-test-1' };
const CHARTS = [
  'chart-sales',
  'chart-categories',
  'chart-top',
  'chart-scatter',
  'chart-map',
  'chart-funnel',
  'chart-segments',
  'chart-coverage',
];
const SCREENSHOTS = join(__dirname, '../../../tmp/browser');

// Runs in the page: how many pixels of each chart's canvas are drawn (non-transparent).
const DRAWN_PIXELS = `(() => Object.fromEntries(${JSON.stringify(CHARTS)}.map((id) => {
  const canvas = document.querySelector('#' + id + ' canvas');
  if (!canvas) return [id, 0];
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let drawn = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
  return [id, drawn];
})))()`;

jest.setTimeout(180_000);

describe('the merchant dashboard in a browser', () => {
  let kafka: TestKafka;
  let platform: PlatformProcesses;
  let producer: Producer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const { events, lateProduct } = scriptedHistory(uniqueSuffix());

  const kpi = (name: string) => page.locator(`[data-kpi="${name}"]`).innerText();

  const showPeriod = async (from: string, to: string) => {
    await page.fill('#from', from);
    await page.fill('#to', to);
    await page.click('#apply');
    try {
      await page.waitForSelector(`body[data-loaded="${from}/${to}"]`, {
        state: 'attached',
        timeout: 30_000,
      });
    } catch (error) {
      const shown = await page.evaluate(
        `[document.getElementById('error').textContent, document.body.getAttribute('data-loaded')]`,
      );
      throw new Error(`${(error as Error).message}; the page shows ${JSON.stringify(shown)}`);
    }
  };

  beforeAll(async () => {
    kafka = await startTestKafka();
    platform = await startPlatformProcesses({
      brokers: kafka.brokers,
      // Logistics answers the coverage map (with no shipments: every province at 0 %).
      names: ['gateway', 'analytics', 'logistics'],
      env: {
        EMPORIUM_ADMIN_EMAIL: ADMIN.email,
        EMPORIUM_ADMIN_PASSWORD: ADMIN.password,
        ANALYTICS_INSIGHTS_MAX_AGE_SECONDS: '0',
      },
    });
    producer = createKafka({ brokers: kafka.brokers, clientId: 'dashboard-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    await publishEvents(producer, ...events, lateProduct);
    const gateway = platform.services.gateway.url;
    const login = await fetch(`${gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    let last: unknown;
    await eventually(
      async () => {
        const res = await fetch(`${gateway}/api/v1/analytics/kpis?from=2026-11-10&to=2026-11-12`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        const body = (await res.json()) as { orders?: number; refunds?: { amount: number } };
        last = body;
        return body.orders === 3 && body.refunds?.amount === 10_000;
      },
      { timeoutMs: 120_000, what: 'the scripted history in analytics' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${JSON.stringify(last)}`);
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`request: ${request.url()} ${request.failure()?.errorText}`),
    );
    await page.goto(`${gateway}/dashboard`);
  });

  afterAll(async () => {
    await browser?.close();
    await producer?.disconnect();
    await platform?.stop();
    await kafka?.stop();
  });

  it('asks for a sign-in first', async () => {
    expect(await page.locator('#login-form').isVisible()).toBe(true);
    expect(await page.locator('#dashboard').isVisible()).toBe(false);
  });

  it('refuses a wrong password', async () => {
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', 'wrong-password');
    await page.click('#signin');
    // A locator, not waitForFunction: the gateway's Content-Security-Policy forbids eval in the page.
    await page.locator('#login-error:not(:empty)').waitFor({ timeout: 30_000 });
    expect(await page.locator('#login-error').innerText()).not.toBe('');
    problems.length = 0; // the refused sign-in is an expected 401 in the console
  });

  it('signs in and draws every chart with data', async () => {
    await page.fill('#password', ADMIN.password);
    await page.click('#signin');
    await page.waitForSelector('#dashboard:not(.hidden)');
    await showPeriod('2026-11-10', '2026-11-12');
    expect(await kpi('orders')).toBe('3');
    expect(await kpi('gmv')).toBe('¥8,408.00');
    expect(await kpi('conversionRate')).toBe('50.0%');
    // The coverage map loads apart from the sales reports.
    await page.waitForSelector('#chart-coverage[data-rendered="true"]', { timeout: 30_000 });
    for (const id of CHARTS) {
      expect(await page.getAttribute(`#${id}`, 'data-rendered')).toBe('true');
      expect(Number(await page.getAttribute(`#${id}`, 'data-points'))).toBeGreaterThan(0);
    }
    // Let the charts' entry animations finish before reading pixels and taking the picture.
    await page.waitForTimeout(1_500);
    const drawn = (await page.evaluate(DRAWN_PIXELS)) as Record<string, number>;
    for (const id of CHARTS) expect({ id, drawn: drawn[id] > 500 }).toEqual({ id, drawn: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
  });

  it('shows other numbers for another date range', async () => {
    await showPeriod('2026-11-10', '2026-11-10');
    expect(await kpi('orders')).toBe('1');
    expect(await kpi('gmv')).toBe('¥4,109.00');
    expect(Number(await page.getAttribute('#chart-sales', 'data-points'))).toBe(1 + 14);
  });

  it('logged no errors', () => {
    expect(problems).toEqual([]);
  });
});
