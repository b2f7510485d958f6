/**
 * Base of the errors that code throws on purpose; `code` is stable kebab-case (`payment-not-found`).
 * `extensions` are extra members of the problem document (RFC 9457), e.g. `shortSkus`.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The resource does not exist, or is not the caller's (answered as 404). */
export class NotFoundError extends DomainError {
  readonly status = 404;
}

/** The request conflicts with the resource's current state (answered as 409). */
export class ConflictError extends DomainError {
  readonly status = 409;
}

/** A business rule refuses the request (answered as 422). */
export class BusinessRuleError extends DomainError {
  readonly status = 422;
}

/** The caller is known but may not do this (answered as 403). */
export class ForbiddenError extends DomainError {
  readonly status = 403;
}

/** The caller is not authenticated (answered as 401). */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
}

/** The request is malformed in a way validation does not see, e.g. a missing header (answered as 400). */
export class BadRequestError extends DomainError {
  readonly status = 400;
}

/** An RFC 9457 problem document, as every service and the gateway answer an error. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly requestId?: string;
  /** Validation failures, by the path of the field (`lines[0].quantity`). */
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  /** SKUs short of stock (409 `insufficient-stock`). */
  readonly shortSkus?: readonly {
    readonly sku: string;
    readonly requested: number;
    readonly available: number;
  }[];
  /** Wrong pickup codes left before the pickup locks. */
  readonly attemptsLeft?: number;
}
