import { getDb } from '@/db';
import { hasActiveHold } from '@/lib/police/holds';

/**
 * Shown on an account page while a preservation hold is active. It says only that the account's
 * data must be kept: who asked, why and until when stay with liaison.
 */
export async function HoldBadge({ accountId }: { accountId: string }) {
  if (!(await hasActiveHold(await getDb(), accountId))) return null;
  return (
    <span
      data-testid="hold-badge"
      title="A preservation hold is active: this account's data must not be deleted. Details are with liaison."
      className="inline-flex items-center rounded border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-amber-800"
    >
      Preservation hold
    </span>
  );
}
