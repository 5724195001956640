import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { KeyboardLayer } from '@/components/keyboard/keyboard-layer';
import { NAV_ITEMS } from '@/components/nav-items';
import { MfaOffWarning } from '@/components/mfa-off-warning';
import { UserMenu } from '@/components/user-menu';
import { can } from '@/lib/auth/permissions';
import { mfaSwitchedOff } from '@/lib/auth/totp';
import { getActor } from '@/server/session';
import './globals.css';

export const metadata: Metadata = { title: 'Lookout', robots: { index: false, follow: false } };

/**
 * Signed-in staff get the console frame with the navigation their role may use (the pages
 * themselves enforce access); signed-out visitors see the bare page, i.e. the sign-in form.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  const nav = actor ? NAV_ITEMS.filter((item) => can(actor.role, item.permission)) : [];
  return (
    <html lang="en">
      <body>
        {actor ? (
          <div data-signed-in-frame>
            {mfaSwitchedOff() ? <MfaOffWarning /> : null}
            <KeyboardLayer nav={nav}>
              <AppShell nav={nav} user={<UserMenu actor={actor} />}>
                {children}
              </AppShell>
            </KeyboardLayer>
          </div>
        ) : (
          children
        )}
      </body>
    </html>
  );
}
