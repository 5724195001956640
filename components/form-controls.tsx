import type { ComponentProps, ReactNode } from 'react';

/** Small, consistent form pieces for the console's forms (server or client). */
export const inputClass =
  'block w-full rounded border border-slate-300 bg-white px-3 py-1.5 text-sm focus:border-slate-500 focus:outline-none';

/** A labelled control: pass the control (with the same `id`) as the child. */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string[]; hint?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error?.map((message) => (
        <p key={message} className="mt-1 text-xs text-red-700">
          {message}
        </p>
      ))}
    </div>
  );
}

export function Button({ variant = 'primary', className = '', ...props }: ComponentProps<'button'> & { variant?: 'primary' | 'secondary' | 'danger' }) {
  const look = {
    primary: 'bg-slate-800 text-white hover:bg-slate-700',
    secondary: 'border border-slate-300 bg-white text-slate-700 hover:bg-slate-100',
    danger: 'border border-red-300 bg-white text-red-700 hover:bg-red-50',
  }[variant];
  return <button className={`whitespace-nowrap rounded px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${look} ${className}`} {...props} />;
}

/** The outcome of a form: an error (announced to screen readers) or a success note. */
export function FormMessage({ error, success }: { error?: string; success?: ReactNode }) {
  if (error) {
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p role="status" className="rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {success}
      </p>
    );
  }
  return null;
}
