import { chooseAgent, type RoutableAgent } from './routing';

const agent = (id: string, over: Partial<RoutableAgent> = {}): RoutableAgent => ({
  id,
  active: true,
  types: [],
  channels: [],
  maxOpen: 10,
  openCount: 0,
  lastAssignedAt: null,
  ...over,
});
const ticket = { type: 'COMPLAINT', channel: 'CHAT' } as const;

describe('chooseAgent', () => {
  it('picks the skilled agent with the fewest open tickets', () => {
    const chosen = chooseAgent(
      [agent('a', { openCount: 3 }), agent('b', { openCount: 1 }), agent('c', { openCount: 2 })],
      ticket,
    );
    expect(chosen?.id).toBe('b');
  });

  it('ignores agents without the type or channel skill, inactive ones and those at their cap', () => {
    const agents = [
      agent('no-type', { types: ['PRE_SALE'] }),
      agent('no-channel', { channels: ['PHONE'] }),
      agent('off', { active: false }),
      agent('full', { maxOpen: 2, openCount: 2 }),
      agent('ok', { types: ['COMPLAINT'], channels: ['CHAT', 'WEB'], openCount: 5 }),
    ];
    expect(chooseAgent(agents, ticket)?.id).toBe('ok');
  });

  it('breaks ties by who waited longest for a ticket, then by id', () => {
    const early = new Date('2026-11-25T01:00:00Z');
    const late = new Date('2026-11-25T02:00:00Z');
    expect(
      chooseAgent(
        [agent('x', { lastAssignedAt: late }), agent('y', { lastAssignedAt: early })],
        ticket,
      )?.id,
    ).toBe('y');
    expect(chooseAgent([agent('b'), agent('a')], ticket)?.id).toBe('a');
  });

  it('chooses nobody when nobody fits', () => {
    expect(chooseAgent([agent('full', { maxOpen: 0 })], ticket)).toBeUndefined();
    expect(chooseAgent([], ticket)).toBeUndefined();
  });
});
