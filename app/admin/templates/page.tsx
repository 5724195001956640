import { compactInputClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import { Card, PageHeader } from '@/components/ui/page';
import { ACCOUNT_ACTION_LABELS } from '@/components/triage/labels';
import { ACCOUNT_ACTIONS } from '@/lib/triage/contract';
import { listTemplates, TEMPLATE_ACTIONS, TEMPLATE_PLACEHOLDERS } from '@/lib/triage/templates';
import { requirePageContext } from '@/server/guard';
import { deleteTemplateAction, saveTemplateAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Decision templates · Lookout' };


function TemplateFields({ template }: { template?: { id: string; name: string; action: string; accountAction: string | null; body: string } }) {
  return (
    <>
      <input type="hidden" name="templateId" value={template?.id ?? ''} />
      <div className="grid gap-2 md:grid-cols-3">
        <input name="name" defaultValue={template?.name} placeholder="Name" aria-label="Name" className={compactInputClass} />
        <select name="action" defaultValue={template?.action ?? 'dismiss'} aria-label="Action" className={compactInputClass}>
          {TEMPLATE_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
        <select name="accountAction" defaultValue={template?.accountAction ?? ''} aria-label="Account action" className={compactInputClass}>
          <option value="">No account action</option>
          {ACCOUNT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {ACCOUNT_ACTION_LABELS[action]}
            </option>
          ))}
        </select>
      </div>
      <textarea name="body" defaultValue={template?.body} rows={2} aria-label="Text" className={`${compactInputClass} w-full`} />
    </>
  );
}

/** Admins keep the reasons moderators pick from; placeholders are filled from the item under review. */
export default async function TemplatesPage() {
  const templates = await listTemplates(await requirePageContext('templates:manage'));
  return (
    <>
      <PageHeader
        title="Decision templates"
        description={`Placeholders: ${TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}. Moderators can still edit the text before sending.`}
      />
      <div className="space-y-4">
        {templates.map((template) => (
          <Card key={template.id} title={template.name}>
            <ActionForm action={saveTemplateAction} submitLabel="Save" successText="Saved." label={`Edit ${template.name}`}>
              <TemplateFields template={template} />
            </ActionForm>
            <ActionForm action={deleteTemplateAction} submitLabel="Delete" className="mt-2" label={`Delete ${template.name}`}>
              <input type="hidden" name="templateId" value={template.id} />
            </ActionForm>
          </Card>
        ))}
        <Card title="New template">
          <ActionForm action={saveTemplateAction} submitLabel="Add template" label="New template">
            <TemplateFields />
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
