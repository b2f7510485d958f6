import { SetMetadata } from '@nestjs/common';

/** Metadata key of routes that require an `Idempotency-Key` header. */
export const IDEMPOTENT = 'emporium:idempotent';

/**
 * Requires an `Idempotency-Key` header (API.md "idempotency"): the same key and body replay the
 * first response, the same key with another body is a 409.
 */
export const Idempotent = (): MethodDecorator => SetMetadata(IDEMPOTENT, true);
