/** Accuracy of a risk ranking against a population's ground truth (planted cases, look-alikes). */

export interface RankedAccount {
  accountId: string;
  score: number;
  reasons: number;
  topSignals: string;
}

export interface TruthEntry {
  account_id: string;
  kind: string;
}

export interface Evaluation {
  k: number;
  precisionAtK: number;
  averagePrecision: number;
  recallByKind: Record<string, { found: number; planted: number }>;
  lookalikesInTopK: { accountId: string; kind: string; rank: number; score: number; topSignals: string }[];
  topKWithoutReason: string[];
  /** Top-K entries that are neither planted nor a labelled look-alike. */
  otherInTopK: { accountId: string; rank: number; score: number; topSignals: string }[];
}

/**
 * K is the number of planted cases. Average precision is the mean, over planted cases, of the
 * precision at the rank each was found (zero for one never ranked).
 */
export function evaluateRanking(ranking: readonly RankedAccount[], planted: readonly TruthEntry[], lookalikes: readonly TruthEntry[]): Evaluation {
  const k = planted.length;
  const plantedKind = new Map(planted.map((p) => [p.account_id, p.kind]));
  const lookalikeKind = new Map<string, string>();
  for (const l of lookalikes) if (!plantedKind.has(l.account_id)) lookalikeKind.set(l.account_id, l.kind);
  const top = ranking.slice(0, k);

  let hits = 0;
  let precisionSum = 0;
  ranking.forEach((entry, index) => {
    if (!plantedKind.has(entry.accountId)) return;
    hits++;
    precisionSum += hits / (index + 1);
  });

  const recallByKind: Evaluation['recallByKind'] = {};
  for (const p of planted) (recallByKind[p.kind] ??= { found: 0, planted: 0 }).planted++;
  for (const entry of top) {
    const kind = plantedKind.get(entry.accountId);
    if (kind) recallByKind[kind]!.found++;
  }

  return {
    k,
    precisionAtK: k === 0 ? 1 : top.filter((e) => plantedKind.has(e.accountId)).length / k,
    averagePrecision: k === 0 ? 1 : precisionSum / k,
    recallByKind,
    lookalikesInTopK: top.flatMap((e, i) => {
      const kind = lookalikeKind.get(e.accountId);
      return kind ? [{ accountId: e.accountId, kind, rank: i + 1, score: e.score, topSignals: e.topSignals }] : [];
    }),
    topKWithoutReason: top.filter((e) => e.reasons === 0).map((e) => e.accountId),
    otherInTopK: top.flatMap((e, i) =>
      plantedKind.has(e.accountId) || lookalikeKind.has(e.accountId) ? [] : [{ accountId: e.accountId, rank: i + 1, score: e.score, topSignals: e.topSignals }],
    ),
  };
}
