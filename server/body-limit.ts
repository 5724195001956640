import { DomainError } from '@/lib/errors';

/** The report intake API's largest body: a batch of 500 reports fits with room to spare. */
export const INGEST_MAX_BYTES = 256 * 1024;

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('payload_too_large', `body: larger than the ${formatBytes(maxBytes)} limit`);
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * The request body, read as it streams in and given up as soon as it passes `maxBytes`: at most
 * `maxBytes` plus one network chunk is ever held. A declared Content-Length above the limit is
 * refused before reading anything. Throws DomainError('payload_too_large').
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge(maxBytes);
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same request with its body already read (within the limit), for code that reads it again. */
export async function withBodyWithin(request: Request, maxBytes: number): Promise<Request> {
  const body = await readBodyWithin(request, maxBytes);
  return new Request(request.url, { method: request.method, headers: request.headers, body: body.byteLength ? body : null });
}

/**
 * The report intake API's doors: a body over INGEST_MAX_BYTES is answered 413 with the API's JSON
 * error shape before the token is even looked at, and never read past the limit.
 */
export function ingestWithinLimit(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    let limited: Request;
    try {
      limited = await withBodyWithin(request, INGEST_MAX_BYTES);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'payload_too_large') {
        return Response.json({ error: error.message, field: 'body' }, { status: 413 });
      }
      throw error;
    }
    return handler(limited);
  };
}
