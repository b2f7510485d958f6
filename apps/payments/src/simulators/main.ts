import { parseArgs } from 'node:util';
import { AlipaySimulator } from './alipay-simulator';
import { simulatorKeys } from './simulator-keys';
import { WechatPaySimulator } from './wechat-pay-simulator';

/**
 * The local Alipay and WeChat Pay, for development and end-to-end tests:
 * `node dist/apps/payments/src/simulators/main.js --keys-dir .data/payment-simulators
 * [--alipay-port 3103] [--wechat-port 3104]` (0: any free port). Keys are made on the first start
 * and kept in the folder; once both listen, one JSON line on stdout gives the environment the
 * payments service needs to use them (`{"ready":true,"env":{…}}`), also written to
 * `<keys-dir>/payments.env`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'keys-dir': { type: 'string', default: '.data/payment-simulators' },
      'alipay-port': { type: 'string', default: '3103' },
      'wechat-port': { type: 'string', default: '3104' },
    },
  });
  const keys = await simulatorKeys(values['keys-dir']);
  const alipay = new AlipaySimulator({
    alipayPrivateKey: keys.alipay.platformPrivateKey,
    apps: new Map([[keys.alipay.appId, keys.alipay.merchantPublicKey]]),
  });
  const wechat = new WechatPaySimulator({
    platformPrivateKey: keys.wechat.platformPrivateKey,
    platformSerial: keys.wechat.platformSerial,
    merchants: new Map([
      [
        keys.wechat.mchid,
        {
          appid: keys.wechat.appid,
          serial: keys.wechat.merchantSerial,
          publicKey: keys.wechat.merchantPublicKey,
          apiV3Key: keys.wechat.apiV3Key,
        },
      ],
    ]),
  });
  const alipayUrl = await alipay.start(Number(values['alipay-port']));
  const wechatUrl = await wechat.start(Number(values['wechat-port']));
  const env = await keys.writePaymentsEnv({ alipayUrl, wechatUrl });
  process.stdout.write(`${JSON.stringify({ ready: true, alipayUrl, wechatUrl, env })}\n`);

  const stop = () => {
    void Promise.all([alipay.stop(), wechat.stop()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
