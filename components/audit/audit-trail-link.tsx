import Link from 'next/link';

/** "Audit trail": a link to the audit explorer filtered to one object (shown to those who may read the log). */
export function AuditTrailLink({ href, label = 'Audit trail' }: { href: string; label?: string }) {
  return (
    <Link href={href} className="inline-block whitespace-nowrap rounded border border-slate-400 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100">
      {label}
    </Link>
  );
}
