/** Shown on every signed-in page while LOOKOUT_REQUIRE_MFA=0: a password alone opens liaison and admin accounts. */
export function MfaOffWarning() {
  return (
    <div role="status" data-testid="mfa-off-warning" className="border-b border-amber-300 bg-amber-100 px-4 py-1.5 text-sm text-amber-900">
      Second factor not required (LOOKOUT_REQUIRE_MFA=0): liaison and admin accounts open with a password alone. Demo and
      test use only.
    </div>
  );
}
