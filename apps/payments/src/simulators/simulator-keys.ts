import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Who the development merchant is at each simulated provider: published values, development only. */
const IDS = {
  alipayAppId: '2021000000000001',
  mchid: '1900000001',
  appid: 'wx0000000000000001',
  merchantSerial: '3775B6A45ACD588826D15E583A95F5DD00000001',
  platformSerial: 'PUB_KEY_ID_0119000000012026120800000001',
};

/** The simulators' and the development merchant's keys, kept in one folder. */
export interface SimulatorKeys {
  readonly alipay: {
    readonly appId: string;
    readonly merchantPublicKey: KeyObject;
    readonly platformPrivateKey: KeyObject;
  };
  readonly wechat: {
    readonly mchid: string;
    readonly appid: string;
    readonly merchantSerial: string;
    readonly merchantPublicKey: KeyObject;
    readonly platformSerial: string;
    readonly platformPrivateKey: KeyObject;
    readonly apiV3Key: string;
  };
  /**
   * Writes `payments.env` beside the keys: what the payments service reads to use the simulators
   * at these URLs; answers the same variables.
   */
  writePaymentsEnv(urls: { alipayUrl: string; wechatUrl: string }): Promise<Record<string, string>>;
}

/** A private key kept as `<name>-private.pem` (and its public half as `<name>-public.pem`), made once. */
async function keyPair(dir: string, name: string): Promise<KeyObject> {
  const file = join(dir, `${name}-private.pem`);
  try {
    return createPrivateKey(await readFile(file));
  } catch {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await writeFile(
      join(dir, `${name}-public.pem`),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
    return privateKey;
  }
}

/** The APIv3 key: 32 letters and digits, made once. */
async function apiV3Key(dir: string): Promise<string> {
  const file = join(dir, 'wechat-apiv3.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(24).toString('base64url').slice(0, 32);
    await writeFile(file, key, { mode: 0o600 });
    return key;
  }
}

/** Loads the keys from `dir`, making any that are missing (first start of a development machine). */
export async function simulatorKeys(dir: string): Promise<SimulatorKeys> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  const alipayMerchant = await keyPair(root, 'alipay-merchant');
  const alipayPlatform = await keyPair(root, 'alipay-platform');
  const wechatMerchant = await keyPair(root, 'wechat-merchant');
  const wechatPlatform = await keyPair(root, 'wechat-platform');
  const v3 = await apiV3Key(root);
  return {
    alipay: {
      appId: IDS.alipayAppId,
      merchantPublicKey: createPublicKey(alipayMerchant),
      platformPrivateKey: alipayPlatform,
    },
    wechat: {
      mchid: IDS.mchid,
      appid: IDS.appid,
      merchantSerial: IDS.merchantSerial,
      merchantPublicKey: createPublicKey(wechatMerchant),
      platformSerial: IDS.platformSerial,
      platformPrivateKey: wechatPlatform,
      apiV3Key: v3,
    },
    async writePaymentsEnv({ alipayUrl, wechatUrl }) {
      const env: Record<string, string> = {
        PAYMENTS_ALIPAY_GATEWAY_URL: `${alipayUrl}/gateway.do`,
        PAYMENTS_ALIPAY_APP_ID: IDS.alipayAppId,
        PAYMENTS_ALIPAY_PRIVATE_KEY_FILE: join(root, 'alipay-merchant-private.pem'),
        PAYMENTS_ALIPAY_PUBLIC_KEY_FILE: join(root, 'alipay-platform-public.pem'),
        PAYMENTS_WECHAT_API_URL: wechatUrl,
        PAYMENTS_WECHAT_MCH_ID: IDS.mchid,
        PAYMENTS_WECHAT_APP_ID: IDS.appid,
        PAYMENTS_WECHAT_MERCHANT_SERIAL: IDS.merchantSerial,
        PAYMENTS_WECHAT_PRIVATE_KEY_FILE: join(root, 'wechat-merchant-private.pem'),
        PAYMENTS_WECHAT_PLATFORM_KEY_FILE: join(root, 'wechat-platform-public.pem'),
        PAYMENTS_WECHAT_PLATFORM_SERIAL: IDS.platformSerial,
        PAYMENTS_WECHAT_APIV3_KEY: v3,
      };
      const text = Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n');
      await writeFile(join(root, 'payments.env'), `${text}\n`, { mode: 0o600 });
      return env;
    },
  };
}
