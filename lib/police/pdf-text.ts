import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

/**
 * The lines of text on each page of a PDF Lookout wrote itself (the cover letter: standard
 * fonts, one `<hex> Tj` per line, Flate-compressed content streams). Lets a reviewer read the
 * letter in the browser, page by page, without the file leaving Lookout. Not a general PDF reader.
 */
export async function pdfPageLines(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const text = streams
      .map((entry) => (entry instanceof PDFRef ? pdf.context.lookup(entry) : entry))
      .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
      .map((stream) => {
        const raw = Buffer.from(stream.contents);
        return (stream.dict.toString().includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
      })
      .join('\n');
    // WinAnsi codes of the printable range match Latin-1, which is all cover-letter.ts writes.
    return [...text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((match) => Buffer.from(match[1]!, 'hex').toString('latin1'));
  });
}
