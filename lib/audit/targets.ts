/**
 * Where an audit entry's target lives in the app, so the explorer and the entry page link to it.
 * Pure; unknown target types (or a target that has no page) get no link.
 */
const PAGES: Record<string, (id: string) => string> = {
  account: (id) => `/accounts/${encodeURIComponent(id)}`,
  queue_item: (id) => `/review/${encodeURIComponent(id)}`,
  police_request: (id) => `/police/${encodeURIComponent(id)}`,
  referral: (id) => `/referrals/${encodeURIComponent(id)}`,
  staff: (id) => `/staff/${encodeURIComponent(id)}`,
  audit_entry: (id) => `/audit/${encodeURIComponent(id)}`,
};

const LIST_PAGES: Record<string, string> = {
  audit_log: '/audit',
  appeal: '/appeals',
  queue: '/admin/queues',
  template: '/admin/templates',
  integration_token: '/admin/integrations',
};

export const TARGET_LABELS: Record<string, string> = {
  account: 'Account',
  queue_item: 'Report item',
  police_request: 'Police request',
  referral: 'Referral',
  staff: 'Staff member',
  audit_log: 'Audit log',
  audit_entry: 'Audit entry',
  preservation_hold: 'Preservation hold',
  disclosure_package: 'Disclosure package',
  appeal: 'Appeal',
  report: 'Report',
};

export function targetHref(targetType: string, targetId: string | null): string | null {
  if (targetId !== null && PAGES[targetType]) return PAGES[targetType](targetId);
  return LIST_PAGES[targetType] ?? null;
}

export function targetLabel(targetType: string): string {
  return TARGET_LABELS[targetType] ?? targetType.replaceAll('_', ' ');
}

/** The account an entry is about besides its target: a report item's reported account. */
export function subjectAccountOf(entry: { targetType: string; targetId: string | null; changes: unknown }): string | null {
  if (entry.targetType === 'account') return entry.targetId;
  const changes = entry.changes as Record<string, unknown> | null;
  return changes && typeof changes.reportedId === 'string' ? changes.reportedId : null;
}
