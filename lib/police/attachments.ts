import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { policeRequestAttachments } from '@/db/schema';
import { sha256Hex } from '../audit/canonical';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, type AttachmentKind } from './contract';
import { lockRequest } from './workflow';
import { DomainError, notFound } from '../errors';

/** The upload form: the request and one file (checked for size and emptiness by addAttachment). */
export const attachmentFormSchema = z.object({
  requestId: z.uuid('request id: not a valid id'),
  kind: z.enum(ATTACHMENT_KINDS, { error: 'say what the document is' }),
  file: z.instanceof(File, { error: 'choose a file' }),
});

export interface AttachmentUpload {
  requestId: string;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Stores the legal document (or any paper of the request) with its SHA-256. Liaison/admin. */
export async function addAttachment(ctx: LibContext, upload: AttachmentUpload) {
  const actor = requirePermission(ctx.actor, 'police:write');
  const filename = upload.filename.replace(/[/\\]/g, '_').trim().slice(0, 255);
  if (!filename) throw new DomainError('invalid_input', 'the attachment needs a file name');
  if (upload.content.length === 0) throw new DomainError('invalid_input', `${filename} is empty`);
  if (upload.content.length > ATTACHMENT_MAX_BYTES) throw new DomainError('invalid_input', `${filename} is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
  const sha256 = sha256Hex(upload.content);
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, upload.requestId);
    const [row] = await tx
      .insert(policeRequestAttachments)
      .values({
        requestId: request.id,
        kind: upload.kind,
        filename,
        contentType: upload.contentType || 'application/octet-stream',
        sizeBytes: upload.content.length,
        sha256,
        content: upload.content,
        uploadedBy: actor.id,
        uploadedAt: ctx.now,
      })
      .returning({ id: policeRequestAttachments.id });
    await appendAudit(tx, {
      actor,
      action: 'police_request.attach',
      targetType: 'police_request',
      targetId: request.id,
      changes: { reference: request.reference, attachmentId: row!.id, kind: upload.kind, filename, sizeBytes: upload.content.length, sha256 },
      requestAddress: ctx.requestAddress,
    });
    return { id: row!.id, filename, sha256 };
  });
}

/** An attachment's bytes; every download is audited. Liaison/admin. */
export async function downloadAttachment(ctx: LibContext, attachmentId: string) {
  const actor = requirePermission(ctx.actor, 'police:read');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(policeRequestAttachments)
      .where(eq(policeRequestAttachments.id, attachmentId));
    if (!row) throw notFound(`attachment ${attachmentId}`);
    await appendAudit(tx, {
      actor,
      action: 'police_request.attachment_download',
      targetType: 'police_request',
      targetId: row.requestId,
      changes: { attachmentId, filename: row.filename, sha256: row.sha256 },
      requestAddress: ctx.requestAddress,
    });
    return { filename: row.filename, contentType: row.contentType, content: row.content, sha256: row.sha256 };
  });
}
