import { describe, expect, it } from 'vitest';
import { INGEST_MAX_BYTES, ingestWithinLimit, readBodyWithin } from '@/server/body-limit';

const CHUNK = 64 * 1024;

/** A request whose body is produced on demand, counting how much of it was ever pulled. */
function streamingRequest(totalBytes: number, headers: Record<string, string> = {}) {
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= totalBytes) return controller.close();
      const size = Math.min(CHUNK, totalBytes - pulled.bytes);
      pulled.bytes += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  }, { highWaterMark: 0 });
  const request = new Request('http://lookout.test/api/v1/reports', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, pulled };
}

describe('ingest body limit', () => {
  const reached: Request[] = [];
  const handler = ingestWithinLimit(async (request) => {
    reached.push(request);
    return Response.json(await request.json(), { status: 201 });
  });

  it('answers a 2 MB body with 413 and a JSON error after reading no more than the limit', async () => {
    const { request, pulled } = streamingRequest(2 * 1024 * 1024);
    const response = await handler(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'body: larger than the 256 KB limit', field: 'body' });
    expect(pulled.bytes).toBeLessThanOrEqual(INGEST_MAX_BYTES + CHUNK);
    expect(reached).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit without reading at all', async () => {
    const { request, pulled } = streamingRequest(2 * 1024 * 1024, { 'content-length': String(2 * 1024 * 1024) });
    expect((await handler(request)).status).toBe(413);
    expect(pulled.bytes).toBe(0);
  });

  it('passes a body within the limit on unchanged, headers included', async () => {
    const report = { report_id: 'r1', description: 'x'.repeat(200_000) };
    const response = await handler(
      new Request('http://lookout.test/api/v1/reports', { method: 'POST', body: JSON.stringify(report), headers: { authorization: 'Bearer t' } }),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual(report);
    expect(reached.at(-1)!.headers.get('authorization')).toBe('Bearer t');
  });

  it('reads exactly the limit, and one byte more is too much', async () => {
    expect((await readBodyWithin(streamingRequest(INGEST_MAX_BYTES).request, INGEST_MAX_BYTES)).byteLength).toBe(INGEST_MAX_BYTES);
    await expect(readBodyWithin(streamingRequest(INGEST_MAX_BYTES + 1).request, INGEST_MAX_BYTES)).rejects.toMatchObject({ code: 'payload_too_large' });
  });
});
