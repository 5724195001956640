'use client';

import { useState } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import type { ActionResult } from '@/server/guard';

type ReleaseAction = (previous: ActionResult<{ version: number }> | null, formData: FormData) => Promise<ActionResult<{ version: number }>>;

/**
 * Release is irreversible: the agency receives the data and the package can never change. So it
 * takes two steps — open the confirmation, tick that the files were reviewed — and a member the
 * four-eyes rule excludes sees the button disabled with the reason instead of a refusal later.
 */
export function ReleasePackageForm({
  action,
  packageId,
  version,
  blockedReason,
}: {
  action: ReleaseAction;
  packageId: string;
  version: number;
  blockedReason: string | null;
}) {
  const [confirming, setConfirming] = useState(false);
  const [reviewed, setReviewed] = useState(false);
  const reasonId = `release-blocked-${packageId}`;

  if (blockedReason) {
    return (
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass()} disabled aria-describedby={reasonId}>
          Release to the agency…
        </button>
        <span id={reasonId} className="text-xs text-slate-600">
          {blockedReason}
        </span>
      </div>
    );
  }
  if (!confirming) {
    return (
      <button type="button" className={`${buttonClass()} mt-2`} onClick={() => setConfirming(true)}>
        Release to the agency…
      </button>
    );
  }
  return (
    <ActionForm action={action} className="mt-2 space-y-2 rounded border border-amber-300 bg-amber-50 p-3" successText="Released.">
      <p className="text-sm font-medium text-amber-900">
        Releasing version {version} sends it to the agency. It cannot be undone or changed afterwards; a correction is a new version.
      </p>
      <input type="hidden" name="packageId" value={packageId} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirmed" checked={reviewed} onChange={(event) => setReviewed(event.target.checked)} className="mt-0.5" />
        I have reviewed the files of version {version} and they may go to the agency
      </label>
      <input name="reason" aria-label="Release note" placeholder="Checked against the order" className={`${inputClass} max-w-sm`} />
      <div className="flex gap-2">
        <button type="submit" className={buttonClass()} disabled={!reviewed}>
          Confirm release of version {version}
        </button>
        <button type="button" className={buttonClass('secondary')} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </ActionForm>
  );
}
