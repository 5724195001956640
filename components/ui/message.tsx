import type { ReactNode } from 'react';

/** A refusal or failure, announced to screen readers as it appears. */
export function ErrorBox({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <div role="alert" className={`rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 ${className}`}>
      {children}
    </div>
  );
}

/** A success note, announced politely. */
export function SuccessNote({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <p role="status" className={`text-sm text-emerald-800 ${className}`}>
      {children}
    </p>
  );
}

/** Nothing to show: say why, and what to do next (`next`, e.g. a link or a command). */
export function EmptyState({ children, next }: { children: ReactNode; next?: ReactNode }) {
  return (
    <div className="rounded border border-dashed border-slate-400 p-6 text-center text-sm text-slate-700">
      <p>{children}</p>
      {next ? <p className="mt-2">{next}</p> : null}
    </div>
  );
}

/** The outcome of a hand-built form (one that needs more than `ActionForm`): an error or a success note. */
export function FormMessage({ error, success }: { error?: string; success?: ReactNode }) {
  if (error) return <ErrorBox>{error}</ErrorBox>;
  if (success) return <SuccessNote className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-emerald-900">{success}</SuccessNote>;
  return null;
}
