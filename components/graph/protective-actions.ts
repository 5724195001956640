import type { ProtectiveAction } from '@/lib/protection/protect-children';

/** How each protective action (lib/protection/protect-children.ts) reads on a page. */
export const PROTECTIVE_ACTION_LABELS: Record<ProtectiveAction, { short: string; long: string }> = {
  ignore_new_users: { short: 'ignore new users', long: 'Turn on “ignore messages from new users” for each child' },
  silent_block: { short: 'silent block', long: 'Silently block this account for each child (it is not told)' },
};

/** The actions in the order the form offers them (lib/protection's list, repeated here so a client component need not import lib/protection, which opens the database). */
export const PROTECTIVE_ACTION_ORDER = Object.keys(PROTECTIVE_ACTION_LABELS) as ProtectiveAction[];
