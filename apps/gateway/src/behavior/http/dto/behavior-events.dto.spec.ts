import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { RecordBehaviorDto } from './behavior-events.dto';

/** Runs a body through the platform's validation pipe, as a controller receives it. */
const validate = (metatype: new () => object, body: object) =>
  createValidationPipe().transform(body, { type: 'body', metatype });

describe('lists of nested objects', () => {
  it.each([[], 1, 'x', null])(
    'refuses events whose element is %p, not an object',
    async (element) => {
      await expect(validate(RecordBehaviorDto, { events: [element] })).rejects.toBeInstanceOf(
        ValidationFailedError,
      );
    },
  );

  it('takes a well-formed event', async () => {
    const event = { type: 'PAGE_VIEW', sessionId: 's-1', at: '2026-12-07T10:00:00Z' };
    await expect(validate(RecordBehaviorDto, { events: [event] })).resolves.toBeInstanceOf(
      RecordBehaviorDto,
    );
  });
});
