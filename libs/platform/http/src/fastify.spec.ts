import { nestsDeeperThan } from './fastify';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('counts arrays and objects nested inside each other', () => {
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
  });

  it('counts siblings once, not their sum', () => {
    expect(
      nestsDeeperThan(bytes(JSON.stringify(Array.from({ length: 1_000 }, () => [[1]]))), 3),
    ).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ text: '[[[[[[{{{{ \\" [[[[' })), 2)).toBe(false);
  });

  it('stops at the first level too deep of thousands', () => {
    expect(nestsDeeperThan(bytes('['.repeat(100_000)), 64)).toBe(true);
  });
});
