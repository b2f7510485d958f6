import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../../config';
import { GATEWAY_CONFIG } from '../../tokens';

/**
 * Webhook signing secrets. They must be recoverable to sign each delivery, so they cannot be
 * hashed: they are stored encrypted with AES-256-GCM under a key that never reaches the database
 * (`GATEWAY_WEBHOOKS_SECRET_KEY`, else derived from the JWT key), and shown to the admin once.
 */
@Injectable()
export class WebhookSecrets {
  private readonly key: Buffer;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const material = config.GATEWAY_WEBHOOKS_SECRET_KEY ?? config.GATEWAY_JWT_SECRET;
    // A key of its own for this purpose, even when derived from the JWT secret.
    this.key = Buffer.from(
      hkdfSync('sha256', material, 'emporium-gateway', 'webhook-signing-secrets', 32),
    );
  }

  /** A new signing secret, as shown to the integrator. */
  generate(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
  encrypt(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The secret back from what `encrypt` stored; throws when it was tampered with or the key changed. */
  decrypt(stored: string): string {
    const [version, iv, tag, ciphertext] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
      throw new Error('Unknown webhook secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
