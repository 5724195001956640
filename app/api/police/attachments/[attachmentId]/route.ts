import { z } from 'zod';
import { downloadAttachment } from '@/lib/police/attachments';
import { downloadHeaders } from '@/server/download-headers';
import { guardedRoute } from '@/server/guard';

const paramsSchema = z.object({ attachmentId: z.uuid() });

/** A request's legal document; every download is audited. */
export const GET = guardedRoute<{ attachmentId: string }>('police:read', async (_request, { params, ...ctx }) => {
  const { attachmentId } = paramsSchema.parse(params);
  const file = await downloadAttachment(ctx, attachmentId);
  // Whatever type the uploader's browser claimed, the file is bytes to save, never to open here.
  return new Response(new Uint8Array(file.content), { headers: downloadHeaders(file.filename, 'application/octet-stream', file.sha256) });
});
