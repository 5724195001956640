'use client';

import { useState, useTransition } from 'react';
import type { ActionResult } from '@/server/guard';

type Reveal = (input: { reportedId: string; reportId: string }) => Promise<ActionResult<{ reportId: string; text: string }>>;

/**
 * A report's text. Text of the hardest categories (lib/wellness/wellness.ts) arrives folded — the
 * page never sent it — and is fetched only when the moderator chooses to read it; the server
 * records that reveal in the audit log.
 */
export function FoldedReportText({
  reportedId,
  reportId,
  categoryLabel,
  text,
  reveal,
  quote = false,
}: {
  reportedId: string;
  reportId: string;
  categoryLabel: string;
  /** The text when it is not folded; null when it must be revealed. */
  text: string | null;
  reveal: Reveal;
  quote?: boolean;
}) {
  const [shown, setShown] = useState<string | null>(text);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (shown !== null) {
    if (!shown) return null;
    return quote ? <q className="ml-1 italic">{shown}</q> : <p className="mt-1 whitespace-pre-wrap">{shown}</p>;
  }
  return (
    <div className="mt-1 rounded border border-slate-300 bg-slate-50 px-2 py-1 text-sm text-slate-700" data-testid="folded-report-text">
      Text folded: {categoryLabel.toLowerCase()} reports can be distressing to read.{' '}
      <button
        type="button"
        className="text-sky-800 underline disabled:opacity-60"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await reveal({ reportedId, reportId });
            if (result.ok) {
              setShown(result.data.text);
              setError(null);
            } else setError(result.error);
          })
        }
      >
        {pending ? 'Revealing…' : 'Reveal text'}
      </button>
      <span className="text-xs text-slate-600"> (recorded in the audit log)</span>
      {error ? (
        <span role="alert" className="ml-2 text-red-800">
          {error}
        </span>
      ) : null}
    </div>
  );
}
