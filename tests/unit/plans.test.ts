import { describe, expect, it } from 'vitest';
import { crossings, intervalTooShortMessage, limitReachedMessage, planLimits, usageLevel, usageLine } from '@/lib/plans';

describe('plan rules', () => {
  it('call usage approaching from 80 % and reached at the limit, exactly', () => {
    expect([0, 7, 8, 9, 10, 12].map((used) => usageLevel(used, 10))).toEqual(['ok', 'ok', 'approaching', 'approaching', 'reached', 'reached']);
    expect([0, 1, 2].map((used) => usageLevel(used, 2))).toEqual(['ok', 'ok', 'reached']);
    expect([199, 200, 249, 250].map((used) => usageLevel(used, 250))).toEqual(['ok', 'approaching', 'approaching', 'reached']);
  });

  it('count a crossing only going up, each line once', () => {
    const of10 = (before: number, after: number) => crossings({ used: before, limit: 10 }, { used: after, limit: 10 });
    expect(of10(7, 8)).toEqual(['approaching']);
    expect(of10(8, 9)).toEqual([]);
    expect(of10(9, 10)).toEqual(['reached']);
    expect(of10(7, 10)).toEqual(['approaching', 'reached']);
    expect(of10(10, 9)).toEqual([]);
    expect(of10(10, 11)).toEqual([]);
    // A downgrade: 12 monitors were fine on pro (250), are over the limit on free (10).
    expect(crossings({ used: 12, limit: 250 }, { used: 12, limit: 10 })).toEqual(['approaching', 'reached']);
    expect(crossings({ used: 12, limit: 10 }, { used: 12, limit: 250 })).toEqual([]);
  });

  it('say which limit, the usage and how to raise it', () => {
    expect(limitReachedMessage('free', 'monitors', 10)).toBe(
      'Your free plan allows 10 monitors and you have 10. Delete one you no longer need, or ask your Watchpost operator to move you to the pro plan (250 monitors).',
    );
    expect(limitReachedMessage('pro', 'agents', 25)).toBe('Your pro plan allows 25 agents and you have 25. Delete one you no longer need to make room.');
    expect(intervalTooShortMessage('free')).toMatch(/^Your free plan checks at most every 60 seconds: choose 60 or more\. .*pro plan .*every 10 seconds\.$/);
    expect(usageLine('free', 'monitors', 8)).toBe('8 of 10 monitors used on the free plan');
    expect(usageLine('pro', 'monitors', 10_000)).toBe('10,000 of 250 monitors used on the pro plan');
  });

  it('treat a missing or unknown plan as free', () => {
    expect(planLimits(null)).toEqual(planLimits('free'));
    expect(planLimits('enterprise')).toEqual(planLimits('free'));
    expect(planLimits('pro').monitors).toBe(250);
  });
});
