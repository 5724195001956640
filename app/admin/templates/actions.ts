'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deleteTemplate, saveTemplate, templateInput } from '@/lib/triage/templates';
import { guardedAction } from '@/server/guard';
import { safeText } from '@/lib/validation/text';

// A form sends "" for "no account action" and for a new template's id.
const templateForm = z.object({
  templateId: z.union([z.literal(''), z.uuid()]).optional(),
  name: safeText(100, 'name'),
  action: safeText(32, 'action'),
  accountAction: safeText(32, 'account action').optional(),
  body: safeText(4000, 'body'),
});

export const saveTemplateAction = guardedAction('templates:manage', templateForm, async ({ templateId, accountAction, ...rest }, ctx) => {
  const input = templateInput.parse({ ...rest, accountAction: accountAction || null });
  await saveTemplate(ctx, { ...input, templateId: templateId || null });
  revalidatePath('/admin/templates');
  return null;
});

export const deleteTemplateAction = guardedAction('templates:manage', z.object({ templateId: z.uuid() }), async ({ templateId }, ctx) => {
  await deleteTemplate(ctx, templateId);
  revalidatePath('/admin/templates');
  return null;
});
