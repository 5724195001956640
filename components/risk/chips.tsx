import { AGE_BAND_LABELS } from '@/components/format';
import { Pill } from '@/components/ui/pill';
import type { AgeBand } from '@/lib/platform/age-band';
import { PATTERN_LABELS, type RiskPattern } from '@/lib/risk/patterns';
import type { RiskSignal } from '@/lib/risk/queries';
import { signalLabel } from '@/lib/risk/labels';

/** A reason behind a score: its short name and points; the evidence sentence on hover. */
export function ReasonChip({ signal }: { signal: Pick<RiskSignal, 'code' | 'weight' | 'evidence'> }) {
  return (
    <span title={signal.evidence} className="reason-chip">
      {signalLabel(signal.code)} <span>+{signal.weight}</span>
    </span>
  );
}

export function PatternBadge({ pattern }: { pattern: RiskPattern }) {
  return <Pill>{PATTERN_LABELS[pattern]}</Pill>;
}

/** Claimed age band, and the likely one when the evidence disagrees. */
export function AgeBands({ claimed, likely, claimedAge }: { claimed: AgeBand; likely: AgeBand; claimedAge: number | null }) {
  const claimedText = claimedAge === null ? AGE_BAND_LABELS[claimed] : `${claimedAge} (${AGE_BAND_LABELS[claimed]})`;
  if (claimed === likely) return <span>{claimedText}</span>;
  return (
    <span>
      claims {claimedText} · <strong className="text-red-700">likely {AGE_BAND_LABELS[likely].toLowerCase()}</strong>
    </span>
  );
}
