import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { confirmRiskAction, dismissRiskAction, retractFlagAction } from '@/app/risk/actions';
import { PATTERN_LABELS, RISK_PATTERNS, type RiskPattern } from '@/lib/risk/patterns';
import { signalLabel } from '@/lib/risk/labels';
import type { RiskSignal } from '@/lib/risk/queries';
import { ACCOUNT_ACTION_LABELS } from '@/components/triage/labels';
import { CONFIRM_ACTIONS } from '@/lib/risk/review';

/**
 * Confirm (pattern flags with a rationale, optionally an account action and a referral) or
 * dismiss (with a reason) an account's signals. The server decides what the role may do;
 * the form only leaves out what it could not.
 */
export function ReviewForms({
  accountId,
  raised,
  signals,
  canAct,
  canRefer,
}: {
  accountId: string;
  raised: RiskPattern[];
  signals: RiskSignal[];
  canAct: boolean;
  canRefer: boolean;
}) {
  const reasons = signals.filter((s) => s.weight > 0);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-label="Confirm" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Confirm</h2>
        <ActionForm action={confirmRiskAction} successText="Confirmed: the flags are on the account." className="space-y-3">
          <input type="hidden" name="accountId" value={accountId} />
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">Patterns</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {RISK_PATTERNS.map((pattern) => (
                <label key={pattern} className="flex items-center gap-1.5">
                  <input type="checkbox" name="patterns" value={pattern} defaultChecked={raised.includes(pattern)} />
                  {PATTERN_LABELS[pattern]}
                </label>
              ))}
            </div>
          </fieldset>
          {reasons.length > 0 ? (
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-slate-700">Reasons you do not believe</legend>
              <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {reasons.map((signal) => (
                  <label key={signal.code} className="flex items-center gap-1.5">
                    <input type="checkbox" name="rejectedSignals" value={signal.code} />
                    {signalLabel(signal.code)}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <Field id="rationale" label="Rationale">
            <textarea id="rationale" name="rationale" rows={3} required minLength={10} className={inputClass} />
          </Field>
          {canAct ? (
            <Field id="action" label="Account action (an action also resolves the account's open child-safety items in the queue)">
              <select id="action" name="action" className={inputClass} defaultValue="" required>
                <option value="" disabled>
                  Choose…
                </option>
                <option value="none">No action: flag only, queue items stay open</option>
                {CONFIRM_ACTIONS.map((action) => (
                  <option key={action} value={action}>
                    {ACCOUNT_ACTION_LABELS[action]}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <input type="hidden" name="action" value="none" />
          )}
          {canRefer ? (
            <label className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="referToLiaison" /> Refer to liaison (child sexual exploitation)
            </label>
          ) : null}
          <Button type="submit">Confirm</Button>
        </ActionForm>
      </section>
      <section aria-label="Dismiss" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Dismiss</h2>
        <p className="mb-3 text-sm text-slate-600">The account leaves the list until a signal grows or a new one appears.</p>
        <ActionForm action={dismissRiskAction} successText="Dismissed." className="space-y-3">
          <input type="hidden" name="accountId" value={accountId} />
          <Field id="reason" label="Reason for dismissing">
            <textarea id="reason" name="reason" rows={3} required minLength={10} className={inputClass} />
          </Field>
          <Button type="submit" variant="secondary">
            Dismiss
          </Button>
        </ActionForm>
      </section>
    </div>
  );
}

/** Retract one confirmed flag, with the reason (the flag stays on record, marked retracted). */
export function RetractFlagForm({ flagId, pattern }: { flagId: string; pattern: string }) {
  return (
    <ActionForm action={retractFlagAction} label={`Retract flag ${pattern}`} className="mt-1 flex flex-wrap items-end gap-2" successText="Flag retracted.">
      <input type="hidden" name="flagId" value={flagId} />
      <Field label="Why retract it">
        <input name="reason" className={`${inputClass} w-96`} />
      </Field>
      <Button type="submit" variant="secondary">
        Retract flag
      </Button>
    </ActionForm>
  );
}
