import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadHeaders } from '@/server/download-headers';

/** What a browser does with filename*: percent-decode the UTF-8 after the `UTF-8''` prefix. */
function savedName(header: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header)![1]!;
  return decodeURIComponent(encoded);
}

describe('download headers', () => {
  it('gives a Cyrillic attachment name as filename* with an ASCII fallback, in a header a Response accepts', () => {
    const name = 'Постановление суда №17.pdf';
    const header = contentDisposition(name);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(savedName(header)).toBe(name);
    expect(header).toContain('filename="_____________ ____ No17.pdf"');
    const response = new Response('x', { headers: downloadHeaders(name, 'application/octet-stream') });
    expect(response.headers.get('content-disposition')).toBe(header);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never fails and never lets a name break out of the header', () => {
    for (const name of ['a"b\\c.txt', 'line\r\nSet-Cookie: x=1', 'café résumé.docx', '😀.png', 'lone\ud800half', "it's (1)*.pdf", '', '%41.txt']) {
      const header = contentDisposition(name);
      expect(() => new Headers({ 'content-disposition': header })).not.toThrow();
      expect(header).not.toMatch(/[\r\n]/);
      expect(/filename="([^"]*)"/.exec(header)![1]).toMatch(/^[\x20-\x7e]*$/);
      expect(savedName(header)).toBe(name.toWellFormed() || 'download');
    }
    expect(contentDisposition('café résumé.docx')).toContain('filename="cafe resume.docx"');
    expect(contentDisposition('')).toContain('filename="download"');
  });
});
