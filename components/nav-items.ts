import type { Permission } from '@/lib/auth/permissions';

/** Left navigation: each feature adds its page here; a role sees only what it may open. */
export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Overview', permission: 'overview:read' },
  { href: '/accounts', label: 'Accounts', permission: 'accounts:read' },
  { href: '/risk', label: 'Grooming risk', permission: 'risk:read' },
  { href: '/queues', label: 'Queues', permission: 'reports:read' },
  { href: '/queues/stats', label: 'Triage stats', permission: 'reports:read' },
  { href: '/team', label: 'Team figures', permission: 'team:read' },
  { href: '/appeals', label: 'Appeals', permission: 'reports:read' },
  { href: '/police', label: 'Police requests', permission: 'police:read' },
  { href: '/referrals', label: 'Referrals', permission: 'referrals:handle' },
  { href: '/transparency/full', label: 'Transparency report', permission: 'transparency:read' },
  { href: '/transparency', label: 'Police transparency', permission: 'police:read' },
  { href: '/staff', label: 'Staff', permission: 'staff:manage' },
  { href: '/audit', label: 'Audit log', permission: 'audit:read' },
  { href: '/audit/access', label: 'Access oversight', permission: 'audit:read' },
  { href: '/admin/queues', label: 'Queue setup', permission: 'queues:manage' },
  { href: '/admin/templates', label: 'Decision templates', permission: 'templates:manage' },
  { href: '/admin/integrations', label: 'API tokens', permission: 'integrations:manage' },
  { href: '/admin/deliveries', label: 'Deliveries', permission: 'deliveries:manage' },
  { href: '/admin/wellness', label: 'Wellness', permission: 'wellness:manage' },
  { href: '/admin/risk-weights', label: 'Risk weights', permission: 'risk:weights' },
];
