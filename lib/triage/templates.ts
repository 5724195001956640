import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { decisionTemplates } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import type { ReportCategory } from '../platform/contract';
import { ACCOUNT_ACTIONS } from './contract';
import { DomainError, notFound } from '../errors';
import { storableString } from '../validation/text';

/** What a template may refer to, filled from the item being reviewed. */
export const TEMPLATE_PLACEHOLDERS = ['username', 'account_id', 'category', 'report_count', 'queue'] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\{([a-z_]+)\}/g;

export const TEMPLATE_ACTIONS = ['dismiss', 'resolve', 'escalate', 'comment'] as const;

export const templateInput = z
  .object({
    name: storableString().trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
    action: z.enum(TEMPLATE_ACTIONS, 'action: choose dismiss, resolve, escalate or comment'),
    accountAction: z.enum(ACCOUNT_ACTIONS).nullable().default(null),
    body: storableString().trim().min(1, 'body is required').max(4000, 'body is at most 4000 characters'),
  })
  .superRefine((input, ctx) => {
    for (const [, name] of input.body.matchAll(PLACEHOLDER)) {
      if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name!)) {
        ctx.addIssue({ code: 'custom', path: ['body'], message: `unknown placeholder {${name}}; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}` });
      }
    }
    if (input.action === 'resolve' && !input.accountAction) {
      ctx.addIssue({ code: 'custom', path: ['accountAction'], message: 'a resolve template names its account action' });
    }
    if (input.action !== 'resolve' && input.accountAction) {
      ctx.addIssue({ code: 'custom', path: ['accountAction'], message: 'only resolve templates carry an account action' });
    }
  });
export type TemplateInput = z.infer<typeof templateInput>;

/** Fills a template's placeholders; the moderator can still edit the text before sending it. */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as keyof TemplateValues] : whole));
}

/**
 * The placeholder values of one item, from what it really holds: the single review page and every
 * item of a bulk batch fill a template through this, so a reason always names the account, its
 * categories and its report count — never a stand-in like "the account".
 */
export function templateValuesOf(item: {
  accountId: string;
  username: string | null;
  categories: readonly ReportCategory[];
  reportCount: number;
  queueName: string;
}): TemplateValues {
  return {
    username: item.username ?? item.accountId,
    account_id: item.accountId,
    category: [...new Set(item.categories)].sort().join(', ').replaceAll('_', ' '),
    report_count: String(item.reportCount),
    queue: item.queueName,
  };
}

/** The decision templates, for whoever reads reports (the review and bulk pages) or manages them. */
export async function listTemplates(ctx: LibContext) {
  requirePermission(ctx.actor, 'reports:read');
  return templatesInOrder(ctx.db);
}

/** Building block: the templates in the order the pages show them, inside a caller's transaction. */
export async function templatesInOrder(db: Db) {
  return db.select().from(decisionTemplates).orderBy(asc(decisionTemplates.action), asc(decisionTemplates.name));
}

/** Creates (no id) or edits a template. Admins only; audited with before and after. */
export async function saveTemplate(ctx: LibContext, { templateId, ...input }: TemplateInput & { templateId: string | null }) {
  const admin = requirePermission(ctx.actor, 'templates:manage');
  return ctx.db.transaction(async (tx) => {
    const [sameName] = await tx.select({ id: decisionTemplates.id }).from(decisionTemplates).where(eq(decisionTemplates.name, input.name));
    if (sameName && sameName.id !== templateId) throw new DomainError('conflict', `name: a template called "${input.name}" already exists`);
    let before: typeof decisionTemplates.$inferSelect | undefined;
    let saved: typeof decisionTemplates.$inferSelect | undefined;
    if (templateId) {
      [before] = await tx.select().from(decisionTemplates).where(eq(decisionTemplates.id, templateId)).for('update');
      if (!before) throw notFound(`Template ${templateId}`);
      [saved] = await tx
        .update(decisionTemplates)
        .set({ ...input, updatedAt: ctx.now })
        .where(eq(decisionTemplates.id, templateId))
        .returning();
    } else {
      [saved] = await tx.insert(decisionTemplates).values(input).returning();
    }
    await appendAudit(tx, {
      actor: admin,
      action: templateId ? 'template.update' : 'template.create',
      targetType: 'decision_template',
      targetId: saved!.id,
      changes: before
        ? { before: { name: before.name, action: before.action, accountAction: before.accountAction, body: before.body }, after: input }
        : { ...input },
      requestAddress: ctx.requestAddress,
    });
    return saved!;
  });
}

/** Deletes a template. Admins only; audited with what it said. */
export async function deleteTemplate(ctx: LibContext, templateId: string) {
  const admin = requirePermission(ctx.actor, 'templates:manage');
  await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(decisionTemplates).where(eq(decisionTemplates.id, templateId)).returning();
    if (!deleted) throw notFound(`Template ${templateId}`);
    await appendAudit(tx, {
      actor: admin,
      action: 'template.delete',
      targetType: 'decision_template',
      targetId: templateId,
      changes: { name: deleted.name, action: deleted.action, body: deleted.body },
      requestAddress: ctx.requestAddress,
    });
  });
}
