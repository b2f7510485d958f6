import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { isInfrastructureOutage } from './outage';

describe('isInfrastructureOutage', () => {
  it.each([
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    [
      'a refused connection wrapped by TypeORM',
      { message: 'query failed', driverError: { code: 'ECONNREFUSED' } },
    ],
    [
      'Postgres shutting down (57P01)',
      { message: 'terminating connection due to administrator command', code: '57P01' },
    ],
    ['a connection exception (08006)', { code: '08006' }],
    ['the pool giving up', new Error('timeout exceeded when trying to connect')],
    ['a dropped client', new Error('Connection terminated unexpectedly')],
    [
      'a server out of connections (53300)',
      { code: '53300', message: 'sorry, too many clients already' },
    ],
    ['a Redis command that ran out of reconnection tries', new MaxRetriesPerRequestError(2)],
  ])('treats %s as an outage to wait out', (_, error) => {
    expect(isInfrastructureOutage(error)).toBe(true);
  });

  it.each([
    ['a handler bug', new TypeError("Cannot read properties of undefined (reading 'sku')")],
    [
      'a constraint violation',
      { code: '23505', message: 'duplicate key value violates unique constraint' },
    ],
    [
      'a business rule',
      Object.assign(new Error('refund exceeds captured'), { code: 'refund-exceeds-captured' }),
    ],
  ])('dead-letters %s after its attempts', (_, error) => {
    expect(isInfrastructureOutage(error)).toBe(false);
  });
});
