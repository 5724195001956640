'use client';

import { ServerError } from '@/components/server-error';

/** A page that failed on the server: a database outage says so plainly (components/server-error.tsx). */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ServerError digest={error.digest} retry={reset} />;
}
