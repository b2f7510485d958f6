import { createSign, createVerify, type KeyObject } from 'node:crypto';

/** SHA256withRSA (Alipay's RSA2, WeChat Pay's SHA256-RSA2048): base64 signature of `content` (UTF-8). */
export function rsaSha256Sign(content: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

/** Whether `signature` (base64) is the SHA256withRSA signature of `content` by the holder of `publicKey`. */
export function rsaSha256Verify(content: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(content, 'utf8')
      .verify(publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
