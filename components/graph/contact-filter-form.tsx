import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { compactInputClass } from '@/components/ui/field';
import { isFiltered, type ContactFilter } from '@/lib/accounts/contact-filter';

/**
 * The shared contact filter (lib/accounts/contact-filter.ts) as a GET form: the conversations
 * table, the contact graph and its timeline read the same URL parameters.
 */
export function ContactFilterForm({ filter, action, label = 'Filter conversations' }: { filter: ContactFilter; action: string; label?: string }) {
  return (
    <form method="get" action={action} aria-label={label} className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2 text-sm">
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" name="minors" value="1" defaultChecked={filter.minors} /> Minors only
      </label>
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" name="started" value="1" defaultChecked={filter.started} /> Started by this account
      </label>
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" name="media" value="1" defaultChecked={filter.media} /> Media from minors
      </label>
      <label className="inline-flex items-center gap-2">
        In touch from <input type="date" name="from" defaultValue={filter.from ?? ''} className={compactInputClass} />
      </label>
      <label className="inline-flex items-center gap-2">
        to <input type="date" name="to" defaultValue={filter.to ?? ''} className={compactInputClass} />
      </label>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
      {isFiltered(filter) ? (
        <Link href={action} className="text-sky-700 underline">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
