/** One field's validation failure, as listed in a problem's `errors`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem document as the platform answers it. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
}

/** The problem `type` for a stable error code. */
export function problemType(code: string): string {
  return `urn:emporium:problem:${code}`;
}

/** The code and title used when only a status is known. */
export const STATUS_PROBLEMS: Readonly<Record<number, { code: string; title: string }>> = {
  400: { code: 'bad-request', title: 'Bad Request' },
  401: { code: 'unauthenticated', title: 'Unauthorized' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not-found', title: 'Not Found' },
  405: { code: 'method-not-allowed', title: 'Method Not Allowed' },
  406: { code: 'not-acceptable', title: 'Not Acceptable' },
  409: { code: 'conflict', title: 'Conflict' },
  413: { code: 'payload-too-large', title: 'Payload Too Large' },
  415: { code: 'unsupported-media-type', title: 'Unsupported Media Type' },
  422: { code: 'business-rule', title: 'Unprocessable Content' },
  429: { code: 'rate-limited', title: 'Too Many Requests' },
  500: { code: 'internal', title: 'Internal Server Error' },
  502: { code: 'bad-gateway', title: 'Bad Gateway' },
  503: { code: 'unavailable', title: 'Service Unavailable' },
  504: { code: 'timeout', title: 'Gateway Timeout' },
};

/** Thrown by validation: answered as 400 with every field's problem in `errors`. */
export class ValidationFailedError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(`${errors.length} field(s) are invalid`);
    this.name = 'ValidationFailedError';
  }
}
