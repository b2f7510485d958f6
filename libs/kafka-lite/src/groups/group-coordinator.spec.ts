import { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { OffsetStore } from '../storage/offset-store';
import { GroupCoordinator, JoinRequest } from './group-coordinator';

const ignore = (): void => undefined;
const silent: Logger = { error: ignore, warn: ignore, info: ignore, debug: ignore };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GroupCoordinator', () => {
  let coordinator: GroupCoordinator;
  beforeEach(() => {
    coordinator = new GroupCoordinator(
      {
        minSessionTimeoutMs: 100,
        maxSessionTimeoutMs: 60_000,
        initialRebalanceDelayMs: 0,
        logger: silent,
      },
      new OffsetStore(null, false),
    );
  });
  afterEach(() => coordinator.close());

  const request = (overrides: Partial<JoinRequest> = {}): JoinRequest => ({
    groupId: 'g',
    sessionTimeoutMs: 300,
    rebalanceTimeoutMs: 1000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [
      { name: 'range', metadata: Buffer.from('r') },
      { name: 'roundrobin', metadata: Buffer.from('rr') },
    ],
    clientId: 'c',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: true,
    ...overrides,
  });

  /** Runs the two-step KIP-394 join and returns the member id and join result. */
  const join = async (overrides: Partial<JoinRequest> = {}) => {
    const first = await coordinator.join(request(overrides));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    return coordinator.join(request({ ...overrides, memberId: first.memberId }));
  };

  it('forms a generation with a leader that receives every member', async () => {
    const a = await join();
    expect(a).toMatchObject({
      errorCode: ErrorCode.NONE,
      generationId: 1,
      protocolName: 'range',
      leader: a.memberId,
    });
    expect(a.members.map((m) => m.memberId)).toEqual([a.memberId]);
    const sync = await coordinator.sync(
      'g',
      1,
      a.memberId,
      new Map([[a.memberId, Buffer.from('all')]]),
    );
    expect(sync).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('all') });
    expect(coordinator.describe('g').state).toBe('Stable');
  });

  it('rebalances when a member joins: others learn it from heartbeats and rejoin', async () => {
    const a = await join();
    await coordinator.sync('g', 1, a.memberId, new Map());
    const bJoin = join({ clientId: 'b' });
    await sleep(10);
    expect(coordinator.heartbeat('g', 1, a.memberId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aRejoin = coordinator.join(request({ memberId: a.memberId }));
    const [b, a2] = await Promise.all([bJoin, aRejoin]);
    expect(a2.generationId).toBe(2);
    expect(b.generationId).toBe(2);
    expect(a2.leader).toBe(a.memberId);
    expect(a2.members).toHaveLength(2);
    expect(b.members).toHaveLength(0);
    const assignments = new Map([
      [a.memberId, Buffer.from('A')],
      [b.memberId, Buffer.from('B')],
    ]);
    const followerSync = coordinator.sync('g', 2, b.memberId, new Map());
    const leaderSync = coordinator.sync('g', 2, a.memberId, assignments);
    expect((await followerSync).assignment.toString()).toBe('B');
    expect((await leaderSync).assignment.toString()).toBe('A');
    expect(coordinator.heartbeat('g', 1, a.memberId)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.heartbeat('g', 2, a.memberId)).toBe(ErrorCode.NONE);
  });

  it('drops a member whose session expires and rebalances the rest', async () => {
    const a = await join();
    await coordinator.sync('g', 1, a.memberId, new Map());
    const bJoin = join({ clientId: 'b' });
    await sleep(10);
    await coordinator.join(request({ memberId: a.memberId }));
    const b = await bJoin;
    await Promise.all([
      coordinator.sync('g', 2, b.memberId, new Map()),
      coordinator.sync('g', 2, a.memberId, new Map()),
    ]);
    // Only b keeps heartbeating; a goes silent past its 300 ms session.
    for (let i = 0; i < 8; i++) {
      await sleep(60);
      coordinator.heartbeat('g', 2, b.memberId);
    }
    expect(coordinator.heartbeat('g', 2, b.memberId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const b2 = await coordinator.join(request({ memberId: b.memberId, clientId: 'b' }));
    expect(b2.generationId).toBe(3);
    expect(b2.leader).toBe(b.memberId);
    expect(b2.members.map((m) => m.memberId)).toEqual([b.memberId]);
    expect(coordinator.heartbeat('g', 3, a.memberId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('removes members that do not rejoin within the rebalance timeout', async () => {
    const a = await join({ rebalanceTimeoutMs: 200, sessionTimeoutMs: 5000 });
    await coordinator.sync('g', 1, a.memberId, new Map());
    const started = Date.now();
    const b = await join({ clientId: 'b', rebalanceTimeoutMs: 200, sessionTimeoutMs: 5000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(b.generationId).toBe(2);
    expect(b.members.map((m) => m.memberId)).toEqual([b.memberId]);
  });

  it('becomes Empty when the last member leaves, keeping generation history', async () => {
    const a = await join();
    await coordinator.sync('g', 1, a.memberId, new Map());
    expect(coordinator.leave('g', a.memberId)).toBe(ErrorCode.NONE);
    expect(coordinator.describe('g')).toMatchObject({ state: 'Empty', members: [] });
    expect(coordinator.leave('g', a.memberId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const again = await join();
    expect(again.generationId).toBe(3);
  });

  it('picks a protocol every member supports and refuses incompatible members', async () => {
    const a = await join();
    expect(a.protocolName).toBe('range');
    await coordinator.sync('g', 1, a.memberId, new Map());
    const incompatible = await coordinator.join(
      request({
        protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }],
        requireKnownMemberId: false,
      }),
    );
    expect(incompatible.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const wrongType = await coordinator.join(
      request({ protocolType: 'connect', requireKnownMemberId: false }),
    );
    expect(wrongType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const bJoin = coordinator.join(
      request({
        protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }],
        requireKnownMemberId: false,
      }),
    );
    const a2 = await coordinator.join(request({ memberId: a.memberId }));
    await bJoin;
    expect(a2.protocolName).toBe('roundrobin');
  });

  it('validates session timeouts, member ids and commit generations', async () => {
    expect((await coordinator.join(request({ sessionTimeoutMs: 10 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect((await coordinator.join(request({ memberId: 'nobody' }))).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect(coordinator.validateCommit('fresh', -1, '')).toBe(ErrorCode.NONE);
    const a = await join();
    expect(coordinator.validateCommit('g', 1, a.memberId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await coordinator.sync('g', 1, a.memberId, new Map());
    expect(coordinator.validateCommit('g', 1, a.memberId)).toBe(ErrorCode.NONE);
    expect(coordinator.validateCommit('g', 0, a.memberId)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.validateCommit('g', 1, 'nobody')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.validateCommit('g', -1, '')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    coordinator.leave('g', a.memberId);
    expect(coordinator.validateCommit('g', -1, 'anyone')).toBe(ErrorCode.NONE);
  });
});
