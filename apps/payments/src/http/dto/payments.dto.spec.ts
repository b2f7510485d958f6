import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { CreateRefundDto } from './payments.dto';

/** Runs a body through the platform's validation pipe, as a controller receives it. */
const validate = (metatype: new () => object, body: object) =>
  createValidationPipe().transform(body, { type: 'body', metatype });

describe('required nested objects', () => {
  it('refuses a refund without its amount with a validation error, not a crash later', async () => {
    await expect(validate(CreateRefundDto, { reason: 'damaged' })).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
  });
});
