import { z } from 'zod';
import { getDb } from '@/db';
import { downloadAttachment } from '@/lib/police/attachments';
import { guardedRoute } from '@/server/guard';

const paramsSchema = z.object({ attachmentId: z.uuid() });

/** A request's legal document; every download is audited. */
export const GET = guardedRoute<{ attachmentId: string }>('police:read', async (_request, { actor, requestAddress, params }) => {
  const { attachmentId } = paramsSchema.parse(params);
  const file = await downloadAttachment(await getDb(), actor, attachmentId, requestAddress);
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename.replace(/["\r\n]/g, '_')}"`,
      'X-Content-SHA256': file.sha256,
      'Cache-Control': 'no-store',
    },
  });
});
