import { z } from 'zod';
import { getDb } from '@/db';
import { downloadAttachment } from '@/lib/police/attachments';
import { NotFoundError } from '@/lib/police/errors';
import { guardedRoute } from '@/server/guard';

const paramsSchema = z.object({ requestId: z.uuid(), attachmentId: z.uuid() });

/** A request's legal document; every download is audited. */
export const GET = guardedRoute<{ requestId: string; attachmentId: string }>('police:read', async (_request, { actor, requestAddress, params }) => {
  const { requestId, attachmentId } = paramsSchema.parse(params);
  try {
    const file = await downloadAttachment(await getDb(), actor, requestId, attachmentId, requestAddress);
    return new Response(new Uint8Array(file.content), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.filename.replace(/["\r\n]/g, '_')}"`,
        'X-Content-SHA256': file.sha256,
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
});
