import { randomBytes, randomUUID } from 'node:crypto';
import {
  eventually,
  startPlatformProcesses,
  startTestKafka,
  type PlatformProcesses,
  type TestKafka,
} from '@emporium/testing';

// The gateway as a process from the build (node tools/build.mjs), so its real stdout is read.
let kafka: TestKafka;
let platform: PlatformProcesses;

beforeAll(async () => {
  kafka = await startTestKafka();
  platform = await startPlatformProcesses({
    brokers: kafka.brokers,
    names: ['gateway'],
    env: { LOG_LEVEL: 'info' },
  });
});
afterAll(async () => {
  await platform?.stop();
  await kafka?.stop();
});

/** The request log lines printed so far for `path` (the JSON lines pino-http writes). */
function requestLines(path: string): { req: { url: string } }[] {
  return platform.services.gateway.output
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(path))
    .map((line) => JSON.parse(line) as { req: { url: string } })
    .filter((entry) => entry.req?.url !== undefined);
}

describe('request logs', () => {
  it.each(['access_token', 'ticket'])(
    'never print the %s of an order stream URL',
    async (param) => {
      const path = `/api/v1/orders/${randomUUID()}/stream`;
      const secret = randomBytes(24).toString('base64url');
      const res = await fetch(`${platform.services.gateway.url}${path}?${param}=${secret}&x=1`);
      expect(res.status).toBe(401);
      const [line] = await eventually(
        () => (requestLines(path).length > 0 ? requestLines(path) : undefined),
        {
          what: 'the request log line',
        },
      );
      expect(line.req.url).toBe(`${path}?${param}=[redacted]&x=1`);
      expect(platform.services.gateway.output.join('')).not.toContain(secret);
    },
  );
});
