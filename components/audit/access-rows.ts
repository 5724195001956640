import { VIEW_LABELS, type AccessBurst, type AccessFlagGroup, type AccessView } from '@/lib/audit/access';
import { auditViewHref } from '@/lib/audit/query';
import { utcSeconds } from './format';

// The access pages' rows as their client tables (./access-tables.tsx) receive them: every text is made here, on the server.

const who = (row: { actorName: string | null; actorEmail: string | null }) => (row.actorName ? `${row.actorName} · ${row.actorEmail}` : (row.actorEmail ?? 'unknown'));
const viewLabel = (action: string) => VIEW_LABELS[action as keyof typeof VIEW_LABELS] ?? action;

export interface FlagRow {
  key: string;
  testId: string;
  who: string;
  accountId: string;
  account: string;
  saw: string;
  views: number;
  when: string;
  behind: string;
  href: string;
  entries: string;
  entriesLabel: string;
}

export function flagRow(row: AccessFlagGroup): FlagRow {
  // The accessible name starts with the visible text (WCAG 2.5.3), then says whose views.
  const entries = row.seqs.length === 1 ? `entry ${String(row.seqs[0])}` : `${row.views} entries`;
  return {
    key: `${row.actorId}:${row.accountId}`,
    testId: `flag-${row.kind}-${row.accountId}`,
    who: `${who(row)} (${row.actorRole ?? 'staff'})`,
    accountId: row.accountId,
    account: row.username ?? row.accountId,
    saw: row.actions.map(viewLabel).join(', '),
    views: row.views,
    when: row.views > 1 ? `${utcSeconds(row.first)} – ${utcSeconds(row.last).slice(11)}` : utcSeconds(row.first),
    behind: row.basis.length ? row.basis.join(', ') : 'nothing',
    href: row.href,
    entries,
    entriesLabel: `${entries} of ${who(row)} on ${row.username ?? row.accountId}`,
  };
}

export interface BurstRow {
  key: string;
  testId: string;
  who: string;
  accounts: number;
  views: number;
  from: string;
  to: string;
  withoutBasis: number;
  href: string;
}

export function burstRow(row: AccessBurst): BurstRow {
  return {
    key: `${row.actorId}:${row.start.toISOString()}`,
    testId: `burst-${row.actorEmail}`,
    who: who(row),
    accounts: row.accounts,
    views: row.views,
    from: utcSeconds(row.start),
    to: utcSeconds(row.end).slice(11),
    withoutBasis: row.withoutBasis,
    href: row.href,
  };
}

export interface ViewerRow {
  actorId: string;
  who: string;
  views: number;
  last: string;
  href: string;
}

export function viewerRow(row: { actorId: string; actorEmail: string | null; actorName: string | null; views: number; last: Date }, accountId: string): ViewerRow {
  return { actorId: row.actorId, who: who(row), views: row.views, last: utcSeconds(row.last), href: auditViewHref({ actorId: row.actorId, account: accountId }) };
}

export interface ViewRow {
  seq: number;
  at: string;
  who: string;
  what: string;
  behind: string;
  childWithNothingBehind: boolean;
  heldNotOnRequest: boolean;
}

export function viewRow(row: AccessView): ViewRow {
  return {
    seq: row.seq,
    at: utcSeconds(row.at),
    who: `${who(row)} (${row.actorRole ?? 'staff'})`,
    what: viewLabel(row.action),
    behind: row.basis.length ? row.basis.join(', ') : 'nothing',
    childWithNothingBehind: row.minor && row.basis.length === 0,
    heldNotOnRequest: row.heldNotOnRequest,
  };
}
