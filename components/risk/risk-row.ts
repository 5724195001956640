import type { RiskListItem, RiskSignal } from '@/lib/risk/queries';

/** What a row of the ranked list shows: its top three reasons, without the evidence's account and report ids. */
export interface RiskRow extends Pick<RiskListItem, 'accountId' | 'username' | 'score' | 'claimedAge' | 'claimedBand' | 'likelyBand' | 'patterns' | 'quiet' | 'lastReview'> {
  topSignals: Pick<RiskSignal, 'code' | 'weight' | 'evidence'>[];
}

export function riskRow(item: RiskListItem): RiskRow {
  return {
    accountId: item.accountId,
    username: item.username,
    score: item.score,
    claimedAge: item.claimedAge,
    claimedBand: item.claimedBand,
    likelyBand: item.likelyBand,
    patterns: item.patterns,
    quiet: item.quiet,
    lastReview: item.lastReview,
    topSignals: item.signals
      .filter((signal) => signal.weight > 0)
      .slice(0, 3)
      .map(({ code, weight, evidence }) => ({ code, weight, evidence })),
  };
}
