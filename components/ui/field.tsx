import type { ComponentProps, ReactNode } from 'react';

/** The look of every text input, select and textarea; put them inside a `Field` so they have a name. */
export const inputClass =
  'block w-full rounded border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 focus:border-slate-700 focus:outline-none focus:ring-2 focus:ring-sky-600';
export const selectClass = inputClass;
export const textareaClass = inputClass;
/** A control that sits in a row of filters or inside a table cell, sized to its content. */
export const compactInputClass = 'rounded border border-slate-400 bg-white px-2 py-1 text-sm text-slate-900 focus:outline-none focus:ring-2 focus:ring-sky-600';

/**
 * A labelled control. Without `id` the label wraps the control; with `id` it points at it (for a
 * control that must sit elsewhere). The hint and the errors sit outside the label, so the control's
 * accessible name is the label alone.
 */
export function Field({ label, hint, error, id, children }: { label: string; hint?: ReactNode; error?: string[]; id?: string; children: ReactNode }) {
  const text = <span className="mb-1 block text-sm font-medium text-slate-700">{label}</span>;
  return (
    <div>
      {id ? (
        <>
          <label htmlFor={id}>{text}</label>
          {children}
        </>
      ) : (
        <label className="block">
          {text}
          {children}
        </label>
      )}
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      {error?.map((message) => (
        <p key={message} className="mt-1 text-xs text-red-700">
          {message}
        </p>
      ))}
    </div>
  );
}

/** A checkbox or radio with its text: the text is the control's name. */
export function Choice({ children, className = '', ...input }: { children: ReactNode; className?: string } & Omit<ComponentProps<'input'>, 'children' | 'className'>) {
  return (
    <label className={`inline-flex items-center gap-2 text-sm ${className}`}>
      <input {...input} />
      <span>{children}</span>
    </label>
  );
}
