'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { deleteTemplate, saveTemplate, templateInput } from '@/lib/triage/templates';
import { guardedAction } from '@/server/guard';

// A form sends "" for "no account action" and for a new template's id.
const templateForm = z.object({
  templateId: z.union([z.literal(''), z.uuid()]).optional(),
  name: z.string(),
  action: z.string(),
  accountAction: z.string().optional(),
  body: z.string(),
});

export const saveTemplateAction = guardedAction('templates:manage', templateForm, async ({ templateId, accountAction, ...rest }, { actor, requestAddress }) => {
  const input = templateInput.parse({ ...rest, accountAction: accountAction || null });
  await saveTemplate(await getDb(), actor, templateId || null, input, { requestAddress });
  revalidatePath('/admin/templates');
  return null;
});

export const deleteTemplateAction = guardedAction('templates:manage', z.object({ templateId: z.uuid() }), async ({ templateId }, { actor, requestAddress }) => {
  await deleteTemplate(await getDb(), actor, templateId, { requestAddress });
  revalidatePath('/admin/templates');
  return null;
});
