import QRCode from 'qrcode';
import { mfaRequiredFor, newTotpSecret, totpUri } from '@/lib/auth/totp';
import { ownSignInSettings } from '@/lib/staff/self';
import { requirePageContext } from '@/server/guard';
import { getStaffSession } from '@/server/session';
import { PasswordForm } from './password-form';
import { EnrolSecondFactor, RemoveSecondFactor } from './second-factor';

export const metadata = { title: 'Profile · Lookout' };

export default async function ProfilePage() {
  const ctx = await requirePageContext('profile:manage');
  const { actor } = ctx;
  const session = (await getStaffSession())!;
  const enrolled = (await ownSignInSettings(ctx)).secondFactor;
  const secret = enrolled ? null : newTotpSecret();
  const qrSvg = secret ? await QRCode.toString(totpUri(secret, actor.email), { type: 'svg', margin: 1 }) : '';

  return (
    <div className="max-w-2xl space-y-8">
      <div className="space-y-3">
        <h1 className="text-xl font-semibold text-slate-800">Your profile</h1>
        {session.mustChangePassword && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            You signed in with a one-time password. Choose your own password to continue.
          </p>
        )}
        {session.mustEnrolSecondFactor && (
          <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            Your role ({actor.role}) requires a second factor. Set one up below to continue.
          </p>
        )}
        <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-600">Email</dt>
          <dd>{actor.email}</dd>
          <dt className="text-slate-600">Role</dt>
          <dd>{actor.role}</dd>
        </dl>
      </div>

      <section className="space-y-3">
        <h2 className="text-base font-semibold text-slate-800">Password</h2>
        <p className="text-sm text-slate-600">Changing it signs you out everywhere; sign in again with the new one.</p>
        <PasswordForm />
      </section>

      <section className="space-y-3">
        <h2 className="text-base font-semibold text-slate-800">Second factor</h2>
        {enrolled ? (
          <>
            <p className="text-sm text-slate-600">On: signing in asks for a code from your authenticator app.</p>
            {!mfaRequiredFor(actor.role) && <RemoveSecondFactor />}
          </>
        ) : (
          <EnrolSecondFactor secret={secret!} qrSvg={qrSvg} />
        )}
      </section>
    </div>
  );
}
