import { createHmac, randomUUID } from 'node:crypto';
import { runningPlatform } from './support/shop';

const ZTO_SECRET = 'e2e-zto-express-carrier-secret-0123456789';

/** `X-Signature` as carriers send it: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. */
const sign = (body: string, secret: string, t = Math.floor(Date.now() / 1000)) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

describe('carrier webhooks through the gateway, every service a process', () => {
  const shop = runningPlatform(['gateway', 'logistics'], {
    LOGISTICS_CARRIER_SECRETS: `zto-express=${ZTO_SECRET}`,
  });

  const post = async (carrier: string, body: string, signature?: string) => {
    const res = await fetch(`${shop.api()}/webhooks/carriers/${carrier}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-signature': signature } : {}),
      },
      body,
    });
    return {
      status: res.status,
      body: (await res.json()) as { type: string; errors?: { field: string }[] },
    };
  };

  it('answers an unsigned call 401 without a word about the body', async () => {
    const res = await post('zto-express', JSON.stringify({ status: 'TELEPORTED' }));
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('urn:emporium:problem:invalid-signature');
    expect(res.body.errors).toBeUndefined();
  });

  it('checks the carrier’s signature over the bytes the carrier sent, then the body', async () => {
    // Spacing and key order a re-serialising proxy would change.
    const bad = '{ "status" :"TELEPORTED",  "eventId":"e-1" }';
    const refused = await post('zto-express', bad, sign(bad, ZTO_SECRET));
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(['trackingNumber', 'status']),
    );
    const unknown = JSON.stringify({
      eventId: randomUUID(),
      trackingNumber: 'EMNOSUCHPARCEL1',
      status: 'IN_TRANSIT',
    });
    const missing = await post('zto-express', unknown, sign(unknown, ZTO_SECRET));
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('urn:emporium:problem:shipment-not-found');
    expect((await post('sf-express', unknown, sign(unknown, ZTO_SECRET))).status).toBe(401);
  });
});
