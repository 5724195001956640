import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { NAV_ITEMS } from '@/components/nav-items';
import { UserMenu } from '@/components/user-menu';
import { can } from '@/lib/auth/permissions';
import { getActor } from '@/server/session';
import './globals.css';

export const metadata: Metadata = { title: 'Lookout', robots: { index: false, follow: false } };

/**
 * Signed-in staff get the console frame with the navigation their role may use (the pages
 * themselves enforce access); signed-out visitors see the bare page, i.e. the sign-in form.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  return (
    <html lang="en">
      <body>
        {actor ? (
          <div data-signed-in-frame>
            <AppShell nav={NAV_ITEMS.filter((item) => can(actor.role, item.permission))} user={<UserMenu actor={actor} />}>
              {children}
            </AppShell>
          </div>
        ) : (
          children
        )}
      </body>
    </html>
  );
}
