import type { ComponentProps } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

const LOOK: Record<ButtonVariant, string> = {
  primary: 'bg-slate-800 text-white hover:bg-slate-700',
  secondary: 'border border-slate-400 bg-white text-slate-800 hover:bg-slate-100',
  danger: 'border border-red-400 bg-white text-red-800 hover:bg-red-50',
};

/** The classes of a button, for a link that looks like one (e.g. "Record a request"). */
export function buttonClass(variant: ButtonVariant = 'primary'): string {
  return `inline-block whitespace-nowrap rounded px-3 py-1.5 text-sm font-medium focus:outline-none focus:ring-2 focus:ring-sky-600 disabled:opacity-60 ${LOOK[variant]}`;
}

/** A button; `type` defaults to "submit" as in HTML, so say `type="button"` for one that only acts in the page. */
export function Button({ variant = 'primary', className = '', ...props }: ComponentProps<'button'> & { variant?: ButtonVariant }) {
  return <button className={`${buttonClass(variant)} ${className}`} {...props} />;
}
