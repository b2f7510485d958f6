import { hash, verify } from '@node-rs/argon2';

// argon2id (algorithm 2) with OWASP's minimum parameters: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (salted, parameters in the PHC string). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against its hash; a malformed hash is a mismatch, not an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throwaway hash, so an unknown e-mail takes as
 * long to refuse as a wrong password.
 */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('emporium-timing-equaliser');
  await verifyPassword(await dummy, password);
}
