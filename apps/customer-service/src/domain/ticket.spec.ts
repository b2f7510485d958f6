import { ConflictError } from '@emporium/contracts';
import {
  assertRatable,
  assignTransition,
  customerReplyTransition,
  escalate,
  staffReplyTransition,
  staffTransition,
  type TicketStatus,
} from './ticket';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const now = new Date('2026-11-25T10:00:00Z');

describe('ticket lifecycle', () => {
  it.each<[TicketStatus, 'PENDING_CUSTOMER' | 'RESOLVED' | 'CLOSED']>([
    ['ASSIGNED', 'PENDING_CUSTOMER'],
    ['ASSIGNED', 'RESOLVED'],
    ['PENDING_CUSTOMER', 'RESOLVED'],
    ['RESOLVED', 'CLOSED'],
  ])('lets staff move %s to %s', (from, to) => {
    expect(staffTransition(from, to)).toBe(to);
  });

  it.each<[TicketStatus, 'PENDING_CUSTOMER' | 'RESOLVED' | 'CLOSED']>([
    ['OPEN', 'RESOLVED'],
    ['OPEN', 'CLOSED'],
    ['OPEN', 'PENDING_CUSTOMER'],
    ['ASSIGNED', 'CLOSED'],
    ['PENDING_CUSTOMER', 'CLOSED'],
    ['RESOLVED', 'PENDING_CUSTOMER'],
    ['CLOSED', 'RESOLVED'],
    ['CLOSED', 'CLOSED'],
  ])('refuses %s → %s with a conflict', (from, to) => {
    expect(() => staffTransition(from, to)).toThrow(ConflictError);
  });

  it('assigns OPEN tickets, reassigns working ones and refuses finished ones', () => {
    expect(assignTransition('OPEN')).toBe('ASSIGNED');
    expect(assignTransition('PENDING_CUSTOMER')).toBe('PENDING_CUSTOMER');
    expect(() => assignTransition('RESOLVED')).toThrow(ConflictError);
    expect(() => assignTransition('CLOSED')).toThrow(ConflictError);
  });

  it('moves PENDING_CUSTOMER back to ASSIGNED on a customer reply', () => {
    expect(
      customerReplyTransition(
        { status: 'PENDING_CUSTOMER', assigneeId: 'a', resolvedAt: null },
        now,
        WEEK,
      ),
    ).toBe('ASSIGNED');
    expect(
      customerReplyTransition({ status: 'OPEN', assigneeId: null, resolvedAt: null }, now, WEEK),
    ).toBe('OPEN');
  });

  it('reopens a RESOLVED ticket within the window: ASSIGNED, or OPEN when nobody has it', () => {
    const resolvedAt = new Date(now.getTime() - 6 * DAY);
    expect(
      customerReplyTransition({ status: 'RESOLVED', assigneeId: 'a', resolvedAt }, now, WEEK),
    ).toBe('ASSIGNED');
    expect(
      customerReplyTransition({ status: 'RESOLVED', assigneeId: null, resolvedAt }, now, WEEK),
    ).toBe('OPEN');
  });

  it('refuses a customer reply after the window or on a closed ticket', () => {
    const resolvedAt = new Date(now.getTime() - 8 * DAY);
    expect(() =>
      customerReplyTransition({ status: 'RESOLVED', assigneeId: 'a', resolvedAt }, now, WEEK),
    ).toThrow(ConflictError);
    expect(() =>
      customerReplyTransition({ status: 'CLOSED', assigneeId: 'a', resolvedAt }, now, WEEK),
    ).toThrow(ConflictError);
  });

  it('lets a staff reply take an OPEN ticket and refuses one on a finished ticket', () => {
    expect(staffReplyTransition('OPEN')).toBe('ASSIGNED');
    expect(staffReplyTransition('PENDING_CUSTOMER')).toBe('PENDING_CUSTOMER');
    expect(() => staffReplyTransition('CLOSED')).toThrow(ConflictError);
  });

  it('takes a rating once, only after resolution', () => {
    expect(() => assertRatable('ASSIGNED', false)).toThrow(ConflictError);
    expect(() => assertRatable('RESOLVED', false)).not.toThrow();
    expect(() => assertRatable('CLOSED', false)).not.toThrow();
    expect(() => assertRatable('CLOSED', true)).toThrow(ConflictError);
  });

  it('escalates one step and stops at P1', () => {
    expect(['P4', 'P3', 'P2', 'P1'].map((p) => escalate(p as 'P1'))).toEqual([
      'P3',
      'P2',
      'P1',
      'P1',
    ]);
  });
});
