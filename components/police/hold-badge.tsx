/**
 * Shown on an account page and a review page while a preservation hold is active (the page asks
 * lib whether one is). It says only that the account's data must be kept: who asked, why and until
 * when stay with liaison.
 */
export function HoldBadge() {
  return (
    <span
      data-testid="hold-badge"
      title="A preservation hold is active: this account's data must not be deleted. Details are with liaison."
      className="inline-flex items-center rounded border border-amber-400 bg-amber-50 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-amber-900"
    >
      Preservation hold
    </span>
  );
}
