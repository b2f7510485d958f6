import { decideRefresh } from './refresh-token';

const now = new Date('2026-11-25T12:00:00Z');
const live = { expiresAt: new Date('2026-12-01T00:00:00Z'), rotatedAt: null, revokedAt: null };

describe('refresh token rotation', () => {
  it('rotates a live, unused token', () => {
    expect(decideRefresh(live, now)).toEqual({ kind: 'rotate' });
  });

  it('burns the whole family when an already rotated token comes back', () => {
    expect(decideRefresh({ ...live, rotatedAt: new Date('2026-11-25T11:00:00Z') }, now)).toEqual({
      kind: 'revoke-family',
      reason: 'reused',
    });
  });

  it('refuses a token of a revoked family without further effect', () => {
    const revoked = { ...live, rotatedAt: now, revokedAt: now };
    expect(decideRefresh(revoked, now)).toEqual({ kind: 'refuse', reason: 'revoked' });
  });

  it('refuses an expired token', () => {
    expect(decideRefresh({ ...live, expiresAt: now }, now)).toEqual({
      kind: 'refuse',
      reason: 'expired',
    });
  });
});
