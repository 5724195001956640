import Link from 'next/link';
import type { ReactNode } from 'react';
import type { NavItem } from './nav-items';

/** The calm frame around every signed-in page: product name on top, navigation on the left. */
export function AppShell({ nav, user, children }: { nav: NavItem[]; user?: ReactNode; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="flex h-12 items-center justify-between border-b border-slate-200 bg-white px-4">
        <Link href="/" className="font-semibold tracking-tight text-slate-800">
          Lookout
        </Link>
        <div className="text-sm text-slate-600">{user}</div>
      </header>
      <div className="flex">
        <nav aria-label="Main" className="min-h-[calc(100vh-3rem)] w-52 shrink-0 border-r border-slate-200 bg-white px-2 py-4">
          <ul className="space-y-1">
            {nav.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="block rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
