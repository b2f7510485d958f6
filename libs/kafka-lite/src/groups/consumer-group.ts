import { ErrorCode } from '../protocol/error-codes';

/** The classic group states, with Kafka's names (reported by DescribeGroups). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** A protocol a member supports, with its opaque metadata. */
export interface MemberProtocol {
  name: string;
  metadata: Buffer;
}

/** What a JoinGroup request gets back. */
export interface JoinResult {
  errorCode: ErrorCode;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

/** What a SyncGroup request gets back. */
export interface SyncResult {
  errorCode: ErrorCode;
  assignment: Buffer;
}

/** A member of a consumer group. */
export class GroupMember {
  assignment: Buffer = Buffer.alloc(0);
  lastSeen = Date.now();
  joinWaiter: ((result: JoinResult) => void) | null = null;
  syncWaiter: ((result: SyncResult) => void) | null = null;

  constructor(
    readonly memberId: string,
    public groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public sessionTimeoutMs: number,
    public rebalanceTimeoutMs: number,
    public protocolType: string,
    public protocols: MemberProtocol[],
  ) {}

  metadataFor(protocol: string): Buffer {
    return this.protocols.find((p) => p.name === protocol)?.metadata ?? Buffer.alloc(0);
  }

  sameProtocols(protocols: readonly MemberProtocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every(
        (p, i) =>
          p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata),
      )
    );
  }
}

/** State of one consumer group (the coordinator drives its transitions). */
export class ConsumerGroup {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, and when they lapse if never used. */
  readonly pendingMembers = new Map<string, number>();
  rebalanceDeadline = 0;
  /** Completing the first rebalance of an empty group waits until this time (initial delay). */
  initialDelayUntil = 0;

  constructor(readonly groupId: string) {}

  /** Protocols every current member (except `exclude`) supports. */
  candidateProtocols(exclude?: string): Set<string> | null {
    let candidates: string[] | null = null;
    for (const m of this.members.values()) {
      if (m.memberId === exclude) continue;
      const names = m.protocols.map((p) => p.name);
      candidates = candidates === null ? names : candidates.filter((n) => names.includes(n));
    }
    return candidates === null ? null : new Set(candidates);
  }

  /** Whether a member with these protocols can be part of the group. */
  supports(protocolType: string, protocols: readonly MemberProtocol[], exclude?: string): boolean {
    if (protocols.length === 0 || protocolType.length === 0) return false;
    const others = [...this.members.values()].filter((m) => m.memberId !== exclude);
    if (others.length === 0) return true;
    if (this.protocolType !== protocolType) return false;
    const candidates = this.candidateProtocols(exclude);
    return protocols.some((p) => candidates?.has(p.name));
  }

  /** Picks the protocol all members support that most members list first (Kafka's vote). */
  selectProtocol(): string {
    const candidates = this.candidateProtocols() ?? new Set<string>();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.protocols.find((p) => candidates.has(p.name));
      if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    let best = '';
    let bestVotes = -1;
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name;
        bestVotes = n;
      }
    }
    return best;
  }

  allMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.joinWaiter) return false;
    return true;
  }
}
