import { createValidationPipe, ValidationFailedError } from '@emporium/platform-http';
import { AddMessageDto, CreateTicketDto } from './tickets.dto';

/** Runs a body through the platform's validation pipe, as a controller receives it. */
const validate = (metatype: new () => object, body: object) =>
  createValidationPipe().transform(body, { type: 'body', metatype });

describe('lists of nested objects', () => {
  it('takes well-formed attachments (the control)', async () => {
    const ticket = { type: 'PRE_SALE', channel: 'WEB', subject: 'A', message: 'Hello' };
    const attachment = { url: 'https://files.example/a.png' };
    await expect(
      validate(CreateTicketDto, { ...ticket, attachments: [attachment] }),
    ).resolves.toBeInstanceOf(CreateTicketDto);
    await expect(
      validate(AddMessageDto, { body: 'Hello', attachments: [attachment] }),
    ).resolves.toBeInstanceOf(AddMessageDto);
  });

  it.each([[], 1, 'x', null])(
    'refuses attachments whose element is %p, not an object',
    async (element) => {
      const ticket = { type: 'PRE_SALE', channel: 'WEB', subject: 'A', message: 'Hello' };
      await expect(
        validate(CreateTicketDto, { ...ticket, attachments: [element] }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(
        validate(AddMessageDto, { body: 'Hello', attachments: [element] }),
      ).rejects.toBeInstanceOf(ValidationFailedError);
    },
  );
});
