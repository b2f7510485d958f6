import { ConfigError } from '@emporium/platform-config';
import { loadGatewayConfig } from './config';

const production = {
  NODE_ENV: 'production',
  INTERNAL_AUTH_SECRET: 'an-internal-secret-of-at-least-32-chars',
  GATEWAY_JWT_SECRET: 'a-jwt-signing-secret-of-at-least-32-chars',
  EMPORIUM_ADMIN_EMAIL: 'ops@example.com',
  EMPORIUM_ADMIN_PASSWORD: 'a-long-admin-password',
};

describe('gateway configuration', () => {
  it('starts in development with the documented admin defaults', () => {
    const config = loadGatewayConfig({ NODE_ENV: 'development' });
    expect(config.EMPORIUM_ADMIN_EMAIL).toBe('admin@emporium.local');
    expect(config.EMPORIUM_ADMIN_PASSWORD).toBe('emporium-admin');
    expect(config.GATEWAY_CATALOG_URL).toBe('http://127.0.0.1:3001');
  });

  it('starts in production when every secret is given', () => {
    expect(loadGatewayConfig(production).GATEWAY_PORT).toBe(3000);
  });

  it.each(['EMPORIUM_ADMIN_EMAIL', 'EMPORIUM_ADMIN_PASSWORD', 'GATEWAY_JWT_SECRET'])(
    'refuses to start in production without %s',
    (name) => {
      const env = Object.fromEntries(Object.entries(production).filter(([key]) => key !== name));
      expect(() => loadGatewayConfig(env)).toThrow(ConfigError);
      expect(() => loadGatewayConfig(env)).toThrow(name);
    },
  );

  it('refuses a JWT secret shorter than 32 characters', () => {
    expect(() => loadGatewayConfig({ ...production, GATEWAY_JWT_SECRET: 'short' })).toThrow(
      /GATEWAY_JWT_SECRET/,
    );
  });

  it.each([
    ['EMPORIUM_ADMIN_PASSWORD', 'emporium-admin'],
    ['EMPORIUM_ADMIN_PASSWORD', 'REPLACE-ME-admin-password'],
    ['EMPORIUM_ADMIN_PASSWORD', 'elevenchars'],
    ['GATEWAY_JWT_SECRET', 'emporium-dev-jwt-secret-change-me-0123456789'],
    ['GATEWAY_JWT_SECRET', 'compose-jwt-secret-change-me-0123456789abcdef'],
    ['GATEWAY_JWT_SECRET', 'REPLACE-ME-gateway-jwt-secret-0123456789abcdef'],
    ['GATEWAY_WEBHOOKS_SECRET_KEY', 'dev-only-webhooks-secret-key-0123456789abcdef'],
  ])('refuses to start in production with %s = %s, a published or weak value', (name, value) => {
    expect(() => loadGatewayConfig({ ...production, [name]: value })).toThrow(
      new RegExp(`${name}: (a placeholder|too short)`),
    );
  });
});
