import Link from 'next/link';
import { AGE_BAND_LABELS, claimedAge, formatDateTime } from '../../format';
import { Card } from '@/components/ui/page';
import { ACCOUNT_ACTION_LABELS } from '../labels';
import type { Review } from '@/lib/triage/review';

/** The reported account: who it claims to be, the evidence about its age, its contacts, past actions and notes. */
export function AccountPanel({ review }: { review: Review }) {
  const { account, ageEvidence, contacts } = review;
  return (
    <div className="space-y-4">
      <Card title="Reported account">
        <dl className="grid grid-cols-[9rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-600">Username</dt>
          <dd>
            <Link href={`/accounts/${encodeURIComponent(account.accountId)}`} className="text-sky-700 underline">
              {account.username ?? 'unknown account'}
            </Link>
            {account.displayName ? <span className="ml-2 text-slate-600">{account.displayName}</span> : null}
          </dd>
          <dt className="text-slate-600">Claimed age</dt>
          <dd data-testid="claimed-age">{claimedAge(account.claimedBirthdate)}</dd>
          <dt className="text-slate-600">Age band used</dt>
          <dd>{AGE_BAND_LABELS[account.ageBand]}</dd>
          <dt className="text-slate-600">Age check</dt>
          <dd>{account.ageAssurance ?? '–'}</dd>
          <dt className="text-slate-600">Joined</dt>
          <dd>{account.createdAt ? formatDateTime(account.createdAt) : '–'}</dd>
          <dt className="text-slate-600">Country</dt>
          <dd>{account.country || '–'}</dd>
          <dt className="text-slate-600">Status</dt>
          <dd data-testid="account-status">{account.status ?? '–'}</dd>
        </dl>
      </Card>

      <Card title="Risk signals">
        {review.risk ? (
          <div className="space-y-2 text-sm" data-testid="risk-signals">
            <p>
              Score <strong>{Math.round(review.risk.score)}</strong> · likely {AGE_BAND_LABELS[review.risk.likelyBand]}, claims{' '}
              {AGE_BAND_LABELS[review.risk.claimedBand]}
              {review.risk.patterns.length ? ` · ${review.risk.patterns.join(', ').replaceAll('_', ' ')}` : ''}
              {review.risk.quiet ? ' · quieted by a reviewer until new evidence' : ''}
            </p>
            <p>
              <Link href={`/risk/${encodeURIComponent(account.accountId)}`} className="text-sky-700 underline">
                How this score was reached: evidence, flags and reviews →
              </Link>
            </p>
            <ul className="list-disc space-y-1 pl-5">
              {review.risk.signals.map((signal) => (
                <li key={signal.code}>
                  {signal.evidence} <span className="text-xs text-slate-600">(+{Math.round(signal.weight)})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="text-sm text-slate-600">No risk signals: the latest scoring run found none for this account.</p>
        )}
      </Card>

      <Card title="Age evidence">
        {ageEvidence.birthdateChanges.length === 0 && ageEvidence.deviceSiblings.length === 0 ? (
          <p className="text-sm text-slate-600">No birthdate changes and no other accounts on the same device.</p>
        ) : null}
        {ageEvidence.birthdateChanges.length ? (
          <ul className="mb-2 space-y-1 text-sm">
            {ageEvidence.birthdateChanges.map((change) => (
              <li key={change.changedAt.toISOString()}>
                {formatDateTime(change.changedAt)}: birthdate {change.oldBirthdate ?? 'none'} → {change.newBirthdate ?? 'none'}
              </li>
            ))}
          </ul>
        ) : null}
        {ageEvidence.deviceSiblings.length ? (
          <>
            <p className="text-xs text-slate-600">Other accounts on the same device</p>
            <ul className="space-y-1 text-sm">
              {ageEvidence.deviceSiblings.map((sibling) => (
                <li key={sibling.accountId}>
                  {sibling.username} · claims {claimedAge(sibling.claimedBirthdate)} · check {sibling.ageAssurance}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>

      <Card title="Contacts">
        <p className="text-sm">
          {contacts.conversations} conversations, {contacts.initiated} started by this account,{' '}
          <strong className={contacts.minorsInitiated ? 'text-rose-700' : ''}>{contacts.minorsInitiated} with minors it contacted first</strong>; blocked
          by {contacts.blockedBy}.
        </p>
      </Card>

      <Card title="Account action history">
        {review.accountActions.length === 0 ? (
          <p className="text-sm text-slate-600">No actions taken on this account.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="account-actions">
            {review.accountActions.map((action) => (
              <li key={action.id}>
                <strong>{ACCOUNT_ACTION_LABELS[action.action]}</strong> by {action.actor} on {formatDateTime(action.createdAt)} — {action.reason}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Notes">
        {review.notes.length === 0 ? (
          <p className="text-sm text-slate-600">No notes yet. Press c to add one.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {review.notes.map((note) => (
              <li key={note.id}>
                <p className="whitespace-pre-wrap">{note.body}</p>
                <p className="text-xs text-slate-600">
                  {note.author} · {formatDateTime(note.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
