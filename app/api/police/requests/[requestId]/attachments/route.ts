import { addAttachment, attachmentFormSchema } from '@/lib/police/attachments';
import { ATTACHMENT_MAX_BYTES } from '@/lib/police/contract';
import { DomainError } from '@/lib/errors';
import { withBodyWithin } from '@/server/body-limit';
import { formDataToObject, guardedRoute } from '@/server/guard';
import { fromOwnPage } from '@/server/same-origin';

/** The document plus the multipart framing and the form's other fields. */
const UPLOAD_MAX_BYTES = ATTACHMENT_MAX_BYTES + 1024 * 1024;

/**
 * Attaches a legal document to a police request (multipart form, field `file`). The one upload in
 * Lookout, so the one door with a body limit above 1 MB: server actions keep Next's default.
 */
export const POST = guardedRoute<{ requestId: string }>('police:write', async (request, { params, ...ctx }) => {
  if (!fromOwnPage(request)) return Response.json({ error: "Documents can only be attached from Lookout's own pages." }, { status: 403 });
  let form: FormData;
  try {
    form = await (await withBodyWithin(request, UPLOAD_MAX_BYTES)).formData();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'payload_too_large') {
      return Response.json({ error: `The document is larger than ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB.` }, { status: 413 });
    }
    return Response.json({ error: 'Send the document as a form upload (multipart/form-data).' }, { status: 400 });
  }
  const { requestId, kind, file } = attachmentFormSchema.parse({ ...formDataToObject(form), requestId: params.requestId });
  const content = Buffer.from(await file.arrayBuffer());
  const attached = await addAttachment(ctx, { requestId, kind, filename: file.name, contentType: file.type, content });
  return Response.json(attached, { status: 201 });
});
