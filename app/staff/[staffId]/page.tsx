import Link from 'next/link';
import { z } from 'zod';
import { AuditTrailLink } from '@/components/audit/audit-trail-link';
import { formatDateTime } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { Card, PageHeader } from '@/components/ui/page';
import { Pill } from '@/components/ui/pill';
import { auditViewHref } from '@/lib/audit/query';
import { loadStaffMember } from '@/lib/staff/sessions';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';
import { ChangeRoleForm, ResetPasswordForm, RevokeSessionButton, StatusForm } from './member-forms';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Staff member · Lookout' };

/** One member: sign-in facts, sessions with revoke, and role and status changes with a reason. */
export default async function StaffMemberPage({ params }: { params: Promise<{ staffId: string }> }) {
  const ctx = await requirePageContext('staff:manage');
  const staffId = routeSegment((await params).staffId, z.uuid());
  const { member, sessions } = await loadOrNotFound(loadStaffMember(ctx, { staffId }));
  const self = member.id === ctx.actor.id;

  return (
    <div className="space-y-5">
      <PageHeader
        title={member.name || member.email}
        description={
          <>
            {member.email} · {member.role} · {member.active ? 'active' : 'disabled'}
            {self ? ' · you' : ''}
          </>
        }
        actions={
          <div className="flex gap-2">
            <AuditTrailLink href={auditViewHref({ targetType: 'staff', targetId: member.id })} />
            <AuditTrailLink href={auditViewHref({ actorId: member.id })} label="Their actions" />
          </div>
        }
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Sign-in">
          <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1.5 text-sm" data-testid="sign-in-facts">
            <dt className="text-slate-600">Last sign-in</dt>
            <dd>{member.lastSignIn ? formatDateTime(member.lastSignIn) : 'never'}</dd>
            <dt className="text-slate-600">Second factor</dt>
            <dd>{member.secondFactor ? 'on (authenticator code)' : <Pill tone="warning">MFA off</Pill>}</dd>
            <dt className="text-slate-600">Password</dt>
            <dd>{member.mustChangePassword ? 'one-time password, not yet changed' : 'their own'}</dd>
            <dt className="text-slate-600">Open sessions</dt>
            <dd>{member.activeSessions}</dd>
            <dt className="text-slate-600">Member since</dt>
            <dd>{formatDateTime(member.createdAt)}</dd>
          </dl>
        </Card>
        <Card title="Sessions">
          {sessions.length === 0 ? (
            <p className="text-sm text-slate-600">No sessions yet.</p>
          ) : (
            <DataTable
              label="Sessions"
              rows={sessions}
              rowKey={(session) => session.id}
              rowProps={(session) => ({ 'data-testid': `session-${session.state}` })}
              columns={[
                { header: 'Signed in', className: 'whitespace-nowrap', cell: (session) => formatDateTime(session.authenticatedAt) },
                { header: 'Last used', className: 'whitespace-nowrap', cell: (session) => formatDateTime(session.lastSeenAt) },
                {
                  header: 'State',
                  cell: (session) =>
                    session.state === 'open' ? <Pill tone="success">open</Pill> : session.state === 'ended' ? `ended ${session.endedAt ? formatDateTime(session.endedAt) : ''}` : 'expired',
                },
                {
                  header: 'Action',
                  srHeader: true,
                  cell: (session) =>
                    session.state === 'open' ? (
                      <RevokeSessionButton staffId={member.id} sessionId={session.id} label={`Revoke the session signed in ${formatDateTime(session.authenticatedAt)}`} />
                    ) : null,
                },
              ]}
            />
          )}
        </Card>
        <Card title="Role">
          <ChangeRoleForm staffId={member.id} role={member.role} />
          <p className="mt-2 text-xs text-slate-600">The last active admin cannot be demoted. A role change ends the member&apos;s sessions.</p>
        </Card>
        <Card title={member.active ? 'Disable' : 'Enable'}>
          {self ? <p className="text-sm text-slate-600">You cannot disable your own account.</p> : <StatusForm staffId={member.id} active={member.active} />}
          {!self ? (
            <div className="mt-4 border-t border-slate-200 pt-3">
              <ResetPasswordForm staffId={member.id} />
            </div>
          ) : (
            <p className="mt-2 text-sm">
              <Link href="/profile" className="underline">
                Change your own password on your profile
              </Link>
            </p>
          )}
        </Card>
      </div>
    </div>
  );
}
