import type { Identity } from '@emporium/contracts';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from '@emporium/platform-auth';

/** The header a service trusts as its caller, as the gateway would sign it (for calling services directly). */
export async function identityHeaders(
  identity: Identity,
  secret: string,
): Promise<Record<string, string>> {
  return { [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(identity, secret, 600) };
}
