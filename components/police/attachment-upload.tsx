'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { buttonClass } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ATTACHMENT_KIND_LABELS, ATTACHMENT_KINDS } from '@/lib/police/contract';

/**
 * Uploads a legal document to the request's attachment route (not a server action: the upload is
 * the one request allowed up to 11 MB, and Next.js can only raise the limit for all actions).
 */
export function AttachmentUpload({ requestId }: { requestId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/police/requests/${requestId}/attachments`, { method: 'POST', body: new FormData(form) });
      const body = (await response.json().catch(() => ({}))) as { filename?: string; error?: string; fieldErrors?: Record<string, string[]> };
      if (response.ok) {
        form.reset();
        setMessage({ ok: true, text: `Attached ${body.filename ?? 'the document'}.` });
        router.refresh();
      } else {
        const details = Object.values(body.fieldErrors ?? {}).flat();
        const text = details.length ? `${body.error} ${details.join('; ')}.` : body.error;
        setMessage({ ok: false, text: text ?? `The upload failed (HTTP ${response.status}); nothing was attached.` });
      }
    } catch {
      setMessage({ ok: false, text: 'The upload did not reach the server; nothing was attached.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-busy={pending} className="mt-3 border-t border-slate-100 pt-3">
      <fieldset disabled={pending} className="flex items-end gap-2">
        <select name="kind" aria-label="What it is" defaultValue="" required className={`${inputClass} max-w-xs`}>
          <option value="" disabled>
            What is it?
          </option>
          {ATTACHMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {ATTACHMENT_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <input type="file" name="file" aria-label="Document" required className={`${inputClass} max-w-sm`} />
        <button type="submit" className={buttonClass('secondary')}>
          {pending ? 'Attaching…' : 'Attach'}
        </button>
      </fieldset>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={`mt-2 text-sm ${message.ok ? 'text-emerald-700' : 'rounded border border-red-200 bg-red-50 px-3 py-2 text-red-800'}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
