import { AssignerProtocol } from 'kafkajs';
import { createKafka } from '@emporium/platform-messaging';

/** A consumer group as the broker describes it: its state and each member's partition count. */
export interface GroupMembership {
  readonly groupId: string;
  readonly state: string;
  readonly partitionsPerMember: readonly number[];
}

/** How the broker has split `groupIds`' partitions between their members right now. */
export async function consumerGroups(
  brokers: string,
  groupIds: readonly string[],
): Promise<GroupMembership[]> {
  const admin = createKafka({ brokers, clientId: 'test-groups' }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([...groupIds]);
    return groups.map((group) => ({
      groupId: group.groupId,
      state: group.state,
      partitionsPerMember: group.members.map((member) => {
        const assigned = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        return Object.values(assigned?.assignment ?? {}).reduce((n, p) => n + p.length, 0);
      }),
    }));
  } finally {
    await admin.disconnect();
  }
}
