'use client';

import { ServerError } from '@/components/server-error';
import './globals.css';

/** The root layout itself failed (it reads the session from the database): the same page, with its own html. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <ServerError digest={error.digest} retry={reset} />
      </body>
    </html>
  );
}
