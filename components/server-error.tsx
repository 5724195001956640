'use client';

import { useEffect, useState } from 'react';

type Cause = 'checking' | 'database' | 'other';

/**
 * What a page that failed on the server shows. The server hides its errors from the browser, so
 * this asks /api/health whether the database is reachable: a database outage gets its own clear
 * message (nothing can be shown or changed until it is back), anything else the error's reference.
 */
export function ServerError({ digest, retry }: { digest?: string; retry: () => void }) {
  const [cause, setCause] = useState<Cause>('checking');
  useEffect(() => {
    fetch('/api/health', { cache: 'no-store' })
      .then((response) => setCause(response.status === 503 ? 'database' : 'other'))
      .catch(() => setCause('other'));
  }, []);
  return (
    <main className="mx-auto max-w-xl p-8" role="alert">
      {cause === 'database' ? (
        <>
          <h1 className="text-xl font-semibold">Database unavailable</h1>
          <p className="mt-2 text-sm text-slate-700">
            Lookout cannot reach its database, so it can neither show nor change anything right now. Nothing you saved before this
            was lost. Try again in a minute; if it persists, tell whoever runs Lookout.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-xl font-semibold">This page could not be loaded</h1>
          <p className="mt-2 text-sm text-slate-700">
            Something went wrong on the server{digest ? ` (reference ${digest})` : ''}. Nothing was changed by opening this page.
          </p>
        </>
      )}
      <button type="button" onClick={retry} className="mt-4 rounded-lg border border-slate-300 px-3 py-2 text-sm">
        Try again
      </button>
    </main>
  );
}
