import { ConfigError } from '@emporium/platform-config';
import { loadPaymentsConfig } from './config';

const WECHAT = {
  NODE_ENV: 'development',
  PAYMENTS_WECHAT_API_URL: 'https://api.mch.weixin.qq.com',
  PAYMENTS_WECHAT_MCH_ID: '1900000109',
  PAYMENTS_WECHAT_APP_ID: 'wxd678efh567hg6787',
  PAYMENTS_WECHAT_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  PAYMENTS_WECHAT_PRIVATE_KEY_FILE: '/etc/emporium/payment-providers/wechat-merchant.pem',
  PAYMENTS_WECHAT_PLATFORM_KEY_FILE: '/etc/emporium/payment-providers/wechat-platform.pem',
};

describe('payments configuration', () => {
  it('takes a WeChat Pay APIv3 key of 32 bytes', () => {
    const key = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
    expect(
      loadPaymentsConfig({ ...WECHAT, PAYMENTS_WECHAT_APIV3_KEY: key }).PAYMENTS_WECHAT_APIV3_KEY,
    ).toBe(key);
  });

  it.each([
    ['31 characters', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P', 31],
    ['33 characters', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6Q', 33],
    ['32 characters, one of them 3 bytes', '密1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6', 34],
  ])('refuses an APIv3 key of %s, saying how long it is', (_, key, bytes) => {
    const load = () => loadPaymentsConfig({ ...WECHAT, PAYMENTS_WECHAT_APIV3_KEY: key });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      `PAYMENTS_WECHAT_APIV3_KEY: needs exactly 32 bytes (the AES-256 key), got ${bytes}`,
    );
  });

  it('still asks for the APIv3 key itself when WeChat Pay is connected without one', () => {
    expect(() => loadPaymentsConfig(WECHAT)).toThrow(
      "PAYMENTS_WECHAT_APIV3_KEY: required with its provider's gateway URL",
    );
  });

  it('needs no APIv3 key while WeChat Pay is the sandbox', () => {
    expect(loadPaymentsConfig({ NODE_ENV: 'development' }).PAYMENTS_WECHAT_APIV3_KEY).toBe('');
  });
});
