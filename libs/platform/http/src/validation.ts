import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { ValidationFailedError, type FieldError } from './problem';

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not allowed'),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The global pipe: unknown fields refused, values transformed to their DTO types, all errors listed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}

/**
 * A PATCH field that cannot be cleared: absent leaves it unchanged, and `null` is validated like
 * any other value, so it is refused (`@IsOptional()` would let it through as "unchanged" or into a
 * NOT NULL column).
 */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_, value) => value !== undefined);
