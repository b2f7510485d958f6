import { randomUUID } from 'node:crypto';
import { Logger } from '../logger';
import { ErrorCode } from '../protocol/error-codes';
import { OffsetStore } from '../storage/offset-store';
import {
  ConsumerGroup,
  GroupMember,
  GroupState,
  JoinResult,
  MemberProtocol,
  SyncResult,
} from './consumer-group';

/** Settings of the group coordinator (Kafka's group.* broker settings). */
export interface GroupCoordinatorOptions {
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  initialRebalanceDelayMs: number;
  logger: Logger;
}

/** A JoinGroup request, decoded. */
export interface JoinRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: MemberProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a new member first gets its id with MEMBER_ID_REQUIRED (KIP-394). */
  requireKnownMemberId: boolean;
}

/** A group as DescribeGroups reports it. */
export interface GroupDescription {
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocolData: string;
  members: {
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    metadata: Buffer;
    assignment: Buffer;
  }[];
}

const TICK_MS = 50;
const EMPTY = Buffer.alloc(0);

/**
 * The classic consumer-group coordinator: generations, leader election, protocol selection,
 * rebalances bounded by the rebalance timeout, and session expiry of silent members. Offsets
 * are validated here and stored in the OffsetStore.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly options: GroupCoordinatorOptions,
    private readonly offsets: OffsetStore,
  ) {
    this.timer = setInterval(() => this.tick(Date.now()), TICK_MS);
    this.timer.unref();
  }

  private static failJoin(errorCode: ErrorCode, memberId: string): JoinResult {
    return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
  }

  join(req: JoinRequest): Promise<JoinResult> {
    const fail = (code: ErrorCode, memberId = req.memberId): Promise<JoinResult> =>
      Promise.resolve(GroupCoordinator.failJoin(code, memberId));
    if (!req.groupId) return fail(ErrorCode.INVALID_GROUP_ID);
    if (
      req.sessionTimeoutMs < this.options.minSessionTimeoutMs ||
      req.sessionTimeoutMs > this.options.maxSessionTimeoutMs
    ) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== '') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      group = new ConsumerGroup(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (req.memberId === '') {
      if (!group.supports(req.protocolType, req.protocols)) {
        return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      }
      const memberId = `${req.clientId}-${randomUUID()}`;
      if (req.requireKnownMemberId && req.groupInstanceId === null) {
        group.pendingMembers.set(memberId, Date.now() + req.sessionTimeoutMs);
        return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMemberAndRebalance(group, memberId, req);
    }
    if (group.pendingMembers.has(req.memberId)) {
      group.pendingMembers.delete(req.memberId);
      if (!group.supports(req.protocolType, req.protocols)) {
        return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      }
      return this.addMemberAndRebalance(group, req.memberId, req);
    }
    const member = group.members.get(req.memberId);
    if (!member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (!group.supports(req.protocolType, req.protocols, member.memberId)) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    member.lastSeen = Date.now();
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req);
      case 'CompletingRebalance':
        if (member.sameProtocols(req.protocols)) {
          return Promise.resolve(this.joinResultFor(group, member));
        }
        return this.updateMemberAndRebalance(group, member, req);
      case 'Stable':
        if (member.memberId === group.leaderId || !member.sameProtocols(req.protocols)) {
          return this.updateMemberAndRebalance(group, member, req);
        }
        return Promise.resolve(this.joinResultFor(group, member));
      default:
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private addMemberAndRebalance(
    group: ConsumerGroup,
    memberId: string,
    req: JoinRequest,
  ): Promise<JoinResult> {
    const member = new GroupMember(
      memberId,
      req.groupInstanceId,
      req.clientId,
      req.clientHost,
      req.sessionTimeoutMs,
      req.rebalanceTimeoutMs,
      req.protocolType,
      req.protocols,
    );
    group.members.set(memberId, member);
    if (group.members.size === 1) group.protocolType = req.protocolType;
    const result = new Promise<JoinResult>((resolve) => (member.joinWaiter = resolve));
    this.options.logger.debug(`group ${group.groupId}: member ${memberId} joins`);
    this.prepareRebalanceIfNeeded(group);
    this.maybeCompleteJoin(group);
    return result;
  }

  private updateMemberAndRebalance(
    group: ConsumerGroup,
    member: GroupMember,
    req: JoinRequest,
  ): Promise<JoinResult> {
    member.protocols = req.protocols;
    member.protocolType = req.protocolType;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    // A second join from the same member supersedes the first one.
    member.joinWaiter?.(
      GroupCoordinator.failJoin(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId),
    );
    const result = new Promise<JoinResult>((resolve) => (member.joinWaiter = resolve));
    this.prepareRebalanceIfNeeded(group);
    this.maybeCompleteJoin(group);
    return result;
  }

  private prepareRebalanceIfNeeded(group: ConsumerGroup): void {
    const now = Date.now();
    if (group.state === 'PreparingRebalance') {
      // Members arriving during the initial delay push it back, up to the rebalance deadline.
      if (group.initialDelayUntil > now) {
        group.initialDelayUntil = Math.min(
          now + this.options.initialRebalanceDelayMs,
          group.rebalanceDeadline,
        );
      }
      return;
    }
    const wasEmpty = group.state === 'Empty';
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) {
        m.syncWaiter?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
        m.syncWaiter = null;
      }
    }
    group.state = 'PreparingRebalance';
    let timeout = 0;
    for (const m of group.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    group.rebalanceDeadline = now + timeout;
    group.initialDelayUntil = wasEmpty
      ? Math.min(now + this.options.initialRebalanceDelayMs, group.rebalanceDeadline)
      : 0;
    this.options.logger.debug(
      `group ${group.groupId}: preparing rebalance (generation ${group.generationId})`,
    );
  }

  private maybeCompleteJoin(group: ConsumerGroup): void {
    if (group.state !== 'PreparingRebalance') return;
    if (group.allMembersJoined() && Date.now() >= group.initialDelayUntil) this.completeJoin(group);
  }

  private completeJoin(group: ConsumerGroup): void {
    for (const m of [...group.members.values()]) {
      if (!m.joinWaiter) {
        this.options.logger.info(
          `group ${group.groupId}: member ${m.memberId} did not rejoin in time, removed`,
        );
        group.members.delete(m.memberId);
      }
    }
    group.pendingMembers.clear();
    group.generationId++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocolName = null;
      group.leaderId = null;
      this.options.logger.debug(
        `group ${group.groupId}: empty at generation ${group.generationId}`,
      );
      return;
    }
    group.protocolName = group.selectProtocol();
    if (!group.leaderId || !group.members.has(group.leaderId)) {
      group.leaderId = group.members.keys().next().value ?? null;
    }
    group.state = 'CompletingRebalance';
    const now = Date.now();
    this.options.logger.info(
      `group ${group.groupId}: generation ${group.generationId} with ${group.members.size} member(s), ` +
        `protocol ${group.protocolName}`,
    );
    for (const m of group.members.values()) {
      const waiter = m.joinWaiter;
      m.joinWaiter = null;
      m.lastSeen = now;
      waiter?.(this.joinResultFor(group, m));
    }
  }

  private joinResultFor(group: ConsumerGroup, member: GroupMember): JoinResult {
    const protocol = group.protocolName ?? '';
    const isLeader = member.memberId === group.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolName: protocol,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.metadataFor(protocol),
          }))
        : [],
    };
  }

  sync(
    groupId: string,
    generationId: number,
    memberId: string,
    assignments: Map<string, Buffer>,
  ): Promise<SyncResult> {
    const fail = (errorCode: ErrorCode): Promise<SyncResult> =>
      Promise.resolve({ errorCode, assignment: EMPTY });
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (generationId !== group.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);
    member.lastSeen = Date.now();
    if (group.state === 'PreparingRebalance') return fail(ErrorCode.REBALANCE_IN_PROGRESS);
    if (group.state === 'Stable') {
      return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    }
    if (group.state !== 'CompletingRebalance') return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    member.syncWaiter?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    const result = new Promise<SyncResult>((resolve) => (member.syncWaiter = resolve));
    if (memberId === group.leaderId) {
      for (const m of group.members.values()) m.assignment = assignments.get(m.memberId) ?? EMPTY;
      group.state = 'Stable';
      for (const m of group.members.values()) {
        const waiter = m.syncWaiter;
        m.syncWaiter = null;
        waiter?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
      }
    }
    return result;
  }

  heartbeat(groupId: string, generationId: number, memberId: string): ErrorCode {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    member.lastSeen = Date.now();
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(groupId: string, memberId: string): ErrorCode {
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.pendingMembers.delete(memberId)) {
      this.maybeCompleteJoin(group);
      return ErrorCode.NONE;
    }
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.options.logger.debug(`group ${groupId}: member ${memberId} leaves`);
    this.removeMember(group, member);
    return ErrorCode.NONE;
  }

  private removeMember(group: ConsumerGroup, member: GroupMember): void {
    group.members.delete(member.memberId);
    member.joinWaiter?.(GroupCoordinator.failJoin(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.joinWaiter = null;
    member.syncWaiter?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    member.syncWaiter = null;
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') {
      this.prepareRebalanceIfNeeded(group);
    }
    this.maybeCompleteJoin(group);
  }

  /** Checks whether an OffsetCommit from this member and generation may be applied. */
  validateCommit(groupId: string, generationId: number, memberId: string): ErrorCode {
    const group = this.groups.get(groupId);
    // Offsets stored for a group that does not use the coordinator (admin tools, manual commits).
    if (generationId < 0 && (!group || group.state === 'Empty')) return ErrorCode.NONE;
    if (!group) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    member.lastSeen = Date.now();
    return ErrorCode.NONE;
  }

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      const known = this.offsets.hasGroup(groupId);
      return {
        groupId,
        state: known ? 'Empty' : 'Dead',
        protocolType: '',
        protocolData: '',
        members: [],
      };
    }
    const stable = group.state === 'Stable';
    const protocol = group.protocolName ?? '';
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? protocol : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(protocol) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  /** Deletes an empty group and its committed offsets (DeleteGroups). */
  deleteGroup(groupId: string): ErrorCode {
    const group = this.groups.get(groupId);
    if (group && group.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!group && !this.offsets.hasGroup(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    this.groups.delete(groupId);
    if (this.offsets.hasGroup(groupId)) this.offsets.deleteGroup(groupId);
    return ErrorCode.NONE;
  }

  /** All groups that have members or committed offsets. */
  list(): { groupId: string; protocolType: string; state: GroupState }[] {
    const out = new Map<string, { groupId: string; protocolType: string; state: GroupState }>();
    for (const groupId of this.offsets.groupIds()) {
      out.set(groupId, { groupId, protocolType: '', state: 'Empty' });
    }
    for (const g of this.groups.values()) {
      if (
        g.state === 'Empty' &&
        g.members.size === 0 &&
        !this.offsets.hasGroup(g.groupId) &&
        g.protocolType === null
      ) {
        continue;
      }
      out.set(g.groupId, {
        groupId: g.groupId,
        protocolType: g.protocolType ?? '',
        state: g.state,
      });
    }
    return [...out.values()];
  }

  private tick(now: number): void {
    try {
      this.expire(now);
    } catch (err) {
      this.options.logger.error(
        `group coordinator tick failed: ${(err as Error).stack ?? String(err)}`,
      );
    }
  }

  private expire(now: number): void {
    for (const group of this.groups.values()) {
      for (const [id, deadline] of group.pendingMembers) {
        if (deadline <= now) group.pendingMembers.delete(id);
      }
      for (const m of [...group.members.values()]) {
        if (m.joinWaiter || m.syncWaiter) continue;
        if (now - m.lastSeen > m.sessionTimeoutMs) {
          this.options.logger.info(`group ${group.groupId}: member ${m.memberId} session expired`);
          this.removeMember(group, m);
        }
      }
      if (group.state === 'PreparingRebalance') {
        if (now >= group.rebalanceDeadline) this.completeJoin(group);
        else this.maybeCompleteJoin(group);
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const group of this.groups.values()) {
      for (const m of group.members.values()) {
        m.joinWaiter?.(GroupCoordinator.failJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, m.memberId));
        m.syncWaiter?.({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
        m.joinWaiter = null;
        m.syncWaiter = null;
      }
    }
  }
}
