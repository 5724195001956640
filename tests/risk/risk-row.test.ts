import { describe, expect, it } from 'vitest';
import { riskRow } from '@/components/risk/risk-row';
import type { RiskListItem, RiskSignal } from '@/lib/risk/queries';

const signal = (code: string, weight: number, accounts: string[] = []): RiskSignal => ({
  code,
  weight,
  value: 1,
  evidence: `${code} evidence`,
  pattern: null,
  details: { accounts, reports: ['r-1'] },
});

const item: RiskListItem = {
  accountId: 'a-1',
  username: 'someone',
  score: 90,
  claimedAge: 16,
  claimedBand: '16_17',
  likelyBand: 'adult',
  patterns: ['age_misrepresentation'],
  quiet: false,
  asOf: new Date('2026-12-01T00:00:00Z'),
  computedAt: new Date('2026-12-01T00:00:00Z'),
  signals: [signal('a', 40, ['child-1', 'child-2']), signal('zero', 0), signal('b', 30), signal('c', 10), signal('d', 5)],
  lastReview: null,
};

describe('a row of the risk list, as the browser receives it', () => {
  it('carries the three strongest reasons that add points, in order, with their evidence sentence', () => {
    expect(riskRow(item).topSignals).toEqual([
      { code: 'a', weight: 40, evidence: 'a evidence' },
      { code: 'b', weight: 30, evidence: 'b evidence' },
      { code: 'c', weight: 10, evidence: 'c evidence' },
    ]);
  });

  it('leaves out the accounts and reports behind the evidence, which the list does not show', () => {
    const sent = JSON.stringify(riskRow(item));
    expect(sent).not.toContain('child-1');
    expect(sent).not.toContain('r-1');
    expect(riskRow(item)).toMatchObject({ accountId: 'a-1', username: 'someone', score: 90, claimedAge: 16, likelyBand: 'adult', patterns: ['age_misrepresentation'] });
  });
});
