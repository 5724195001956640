/**
 * Headers for a file download. `Content-Disposition` follows RFC 6266: `filename*` carries the
 * exact name in UTF-8 (RFC 8187 percent-encoding), and `filename` an ASCII stand-in for clients
 * that predate it. Both are built from any string without failing — a header value outside
 * Latin-1 would make the Response constructor throw after the download was already audited.
 */
export function contentDisposition(filename: string): string {
  const name = filename.toWellFormed().trim() || 'download';
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_')
      .trim() || 'download';
  // encodeURIComponent leaves ' ( ) * alone, which RFC 8187's attr-char does not allow.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Never cached, never sniffed, never rendered: the browser saves it under its own name. */
export function downloadHeaders(filename: string, contentType: string, sha256?: string): HeadersInit {
  return {
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(filename),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...(sha256 ? { 'X-Content-SHA256': sha256 } : {}),
  };
}
