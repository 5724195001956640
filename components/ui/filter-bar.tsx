import Link from 'next/link';
import type { ReactNode } from 'react';
import { Button } from './button';

/**
 * A row of filters above a list: a GET form, so the filters live in the URL (a link can be shared,
 * Back restores them, and the page parses them like any other search parameter). The form is a
 * named landmark (`label`); its controls go in `FilterField`s (or `Choice` for a checkbox) with
 * `compactInputClass`. `resetHref` adds a link back to the unfiltered list; `extra` sits after the
 * button (e.g. a download of the same view). A bar that searches rather than narrows (the
 * accounts list) says `search`: it is then a search landmark.
 */
export function FilterBar({
  label,
  action,
  submitLabel = 'Apply',
  resetHref,
  extra,
  search = false,
  children,
}: {
  label: string;
  action?: string;
  submitLabel?: string;
  resetHref?: string;
  extra?: ReactNode;
  search?: boolean;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} aria-label={label} role={search ? 'search' : undefined} className="mb-4 flex flex-wrap items-end gap-3 text-sm">
      {children}
      <Button type="submit" variant="secondary">
        {submitLabel}
      </Button>
      {resetHref ? (
        <Link href={resetHref} className="pb-1.5 text-slate-600 underline">
          Reset
        </Link>
      ) : null}
      {extra}
    </form>
  );
}

/** One filter of a `FilterBar`: a small label above its control (the label is the control's name). */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      <span className="text-xs text-slate-600">{label}</span>
      {children}
    </label>
  );
}

export interface FilterLink {
  key: string;
  label: ReactNode;
  href: string;
  /** Whether this link is the filter now shown. */
  current: boolean;
}

/**
 * Filters that are one click each: a named navigation of links, the chosen ones marked with
 * `aria-current` — `page` where exactly one is chosen (a status), `true` where several may be
 * (patterns that toggle). `title` is a visible lead-in; `children` follow the links.
 */
export function FilterLinks({
  label,
  title,
  links,
  current = 'page',
  children,
}: {
  label: string;
  title?: string;
  links: FilterLink[];
  current?: 'page' | 'true';
  children?: ReactNode;
}) {
  return (
    <nav aria-label={label} className="mb-3 flex flex-wrap items-center gap-2 text-sm">
      {title ? <span className="text-slate-600">{title}</span> : null}
      {links.map((link) => (
        <Link
          key={link.key}
          href={link.href}
          aria-current={link.current ? current : undefined}
          className={`rounded-full border px-3 py-0.5 ${link.current ? 'border-slate-800 bg-slate-800 text-white' : 'border-slate-400 bg-white text-slate-700'}`}
        >
          {link.label}
        </Link>
      ))}
      {children}
    </nav>
  );
}

/** The From / To pair of a period filter (UTC dates, inclusive), for a `FilterBar`. */
export function DateRangeFields({ from, to, inputClassName }: { from: string; to: string; inputClassName: string }) {
  return (
    <>
      <FilterField label="From (UTC)">
        <input type="date" name="from" defaultValue={from} className={inputClassName} />
      </FilterField>
      <FilterField label="To (UTC)">
        <input type="date" name="to" defaultValue={to} className={inputClassName} />
      </FilterField>
    </>
  );
}

/** A "Per" select over the periods a report can be grouped by. */
export function PeriodSelect({ periods, value, selectClassName }: { periods: readonly string[]; value: string; selectClassName: string }) {
  return (
    <FilterField label="Per">
      <select name="period" defaultValue={value} className={selectClassName}>
        {periods.map((period) => (
          <option key={period} value={period}>
            {period}
          </option>
        ))}
      </select>
    </FilterField>
  );
}
