import { SetMetadata } from '@nestjs/common';
import type { ApiSchemaName, ApiSchemas } from '@emporium/contracts';

/** Metadata key of {@link Answers}: the name of the contract type a handler answers. */
export const ANSWERS = 'emporium:answers';

// A handler fits `T` when it returns a `T` or its JSON text (a cached answer), or when its own type
// says less than `T` does (JSON kept as it was computed); a contradiction is an error.
type Fits<R, T> =
  Awaited<R> extends T | string
    ? unknown
    : T extends Awaited<R>
      ? unknown
      : { readonly answersNot: T };

/**
 * Names the contract type (`ApiSchemas` of `@emporium/contracts`) a handler answers with: its
 * OpenAPI schema (`npm run openapi`). The compiler refuses a handler whose return type contradicts it.
 */
export function Answers<N extends ApiSchemaName>(name: N) {
  const mark = SetMetadata(ANSWERS, name);
  return <F extends (...args: never[]) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<F> & Fits<ReturnType<F>, ApiSchemas[N]>,
  ): void => {
    mark(target, key, descriptor);
  };
}
