import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { DATA_CATEGORY_LABELS, type DataCategory } from './contract';

/** Everything the cover letter states; gathered by package.ts from the request and the data. */
export interface CoverLetterFacts {
  reference: string;
  version: number;
  preparedAt: Date;
  preparedBy: string;
  agency: string;
  officer: string;
  officerEmail: string;
  jurisdiction: string;
  typeLabel: string;
  legalReference: string;
  issuingCourt: string | null;
  authorisingOfficer: string | null;
  legalBasis: string;
  rangeFrom: string;
  rangeTo: string;
  timeZone: string;
  requestedCategories: DataCategory[];
  approvedCategories: DataCategory[];
  produced: { identifier: string; accountId: string }[];
  notProduced: { identifier: string; reason: string }[];
  rowCounts: Record<string, number>;
  partialConversations: number;
  nonDisclosure: boolean;
  nonDisclosureExpiresOn: string | null;
}

type Block = { heading: string } | { text: string } | { bullet: string } | { gap: true };

/** Why a category that was asked for is not in the package. */
function categoryNotes(facts: CoverLetterFacts): string[] {
  const notes: string[] = [];
  for (const category of facts.requestedCategories) {
    if (!facts.approvedCategories.includes(category)) {
      notes.push(`${DATA_CATEGORY_LABELS[category]}: not produced; the legal review did not approve this category.`);
    }
  }
  if (facts.approvedCategories.includes('content')) {
    notes.push('Content: none produced. Lookout does not hold message or media content, only the counts listed with non-content data.');
  }
  if (facts.approvedCategories.includes('non_content')) {
    notes.push('Log-in records: none produced. Lookout does not hold log-in or IP records.');
    if (facts.partialConversations > 0) {
      notes.push(
        `${facts.partialConversations} conversation(s) extend beyond the date range: their message and media totals cover activity outside it, so they are withheld and only the times inside the range are given.`,
      );
    }
  }
  return notes;
}

function letterBlocks(facts: CoverLetterFacts): Block[] {
  const categories = (list: DataCategory[]) => list.map((c) => DATA_CATEGORY_LABELS[c]).join('; ') || 'none';
  return [
    { heading: `Lawful disclosure ${facts.reference} (package version ${facts.version})` },
    { text: `To: ${facts.officer}, ${facts.agency} <${facts.officerEmail}>` },
    { text: `Prepared ${facts.preparedAt.toISOString()} by ${facts.preparedBy}` },
    { gap: true },
    { heading: 'Legal basis' },
    { text: `${facts.typeLabel}, reference ${facts.legalReference}, jurisdiction ${facts.jurisdiction}.` },
    ...(facts.issuingCourt ? [{ text: `Issuing court: ${facts.issuingCourt}.` }] : []),
    ...(facts.authorisingOfficer ? [{ text: `Authorising officer: ${facts.authorisingOfficer}.` }] : []),
    { text: `Scope of this legal type: ${facts.legalBasis}.` },
    { gap: true },
    { heading: 'Scope' },
    { text: `Date range: ${facts.rangeFrom} to ${facts.rangeTo} inclusive, local dates in ${facts.timeZone}.` },
    { text: `Categories requested: ${categories(facts.requestedCategories)}.` },
    { text: `Categories approved for disclosure: ${categories(facts.approvedCategories)}.` },
    { gap: true },
    { heading: 'Produced' },
    ...facts.produced.map((p) => ({ bullet: `${p.identifier} - account ${p.accountId}` })),
    ...Object.entries(facts.rowCounts).map(([path, rows]) => ({ bullet: `${path}: ${rows} row(s)` })),
    {
      text: "In the CSV files, a value that begins with =, +, -, @, a tab or a carriage return is preceded by an apostrophe (') so that spreadsheet programs show it as text instead of running it as a formula; the value itself is what follows the apostrophe.",
    },
    { gap: true },
    { heading: 'Not produced, and why' },
    ...facts.notProduced.map((n) => ({ bullet: `${n.identifier}: ${n.reason}` })),
    ...categoryNotes(facts).map((note) => ({ bullet: note })),
    ...(facts.notProduced.length + categoryNotes(facts).length === 0 ? [{ text: 'Nothing within the request was withheld.' }] : []),
    { gap: true },
    ...(facts.nonDisclosure
      ? [
          { heading: 'Non-disclosure' },
          {
            text: `A non-disclosure order applies${facts.nonDisclosureExpiresOn ? ` until ${facts.nonDisclosureExpiresOn}` : ''}: the account holders have not been notified.`,
          },
          { gap: true } as const,
        ]
      : []),
    { heading: 'Certificate of the custodian of records' },
    {
      text: `I, ${facts.preparedBy}, certify that I am a custodian of records of the operator of this service, or otherwise qualified by my position to make this certification; that the records in this package are true copies of records made at or near the time of the occurrence of the matters set forth, by or from information transmitted by a person with knowledge of those matters; that they were kept in the course of the regularly conducted activity of the service; and that making them was a regular practice of that activity. Each file's SHA-256 is listed in manifest.json.`,
    },
    { gap: true },
    { text: 'Signed: ______________________________    Date: ____________' },
  ];
}

/** The standard PDF fonts only encode WinAnsi: anything else is shown as '?' (the CSV files keep it exact). */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7E\u00A0-\u00FF]/gu, '?');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of printable(text).split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A4 cover letter as PDF bytes. */
export async function coverLetterPdf(facts: CoverLetterFacts): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Lawful disclosure ${facts.reference} v${facts.version}`);
  pdf.setCreationDate(facts.preparedAt);
  pdf.setModificationDate(facts.preparedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [pageWidth, pageHeight, margin] = [595.28, 841.89, 56];
  let page: PDFPage = pdf.addPage([pageWidth, pageHeight]);
  let y = pageHeight - margin;
  const write = (text: string, font: PDFFont, size: number, indent = 0) => {
    for (const line of wrap(text, font, size, pageWidth - 2 * margin - indent)) {
      if (y < margin + size) {
        page = pdf.addPage([pageWidth, pageHeight]);
        y = pageHeight - margin;
      }
      page.drawText(line, { x: margin + indent, y, size, font });
      y -= size * 1.4;
    }
  };
  for (const block of letterBlocks(facts)) {
    if ('heading' in block) write(block.heading, bold, 12);
    else if ('text' in block) write(block.text, regular, 10);
    else if ('bullet' in block) write(`- ${block.bullet}`, regular, 10, 12);
    else y -= 8;
  }
  return pdf.save();
}
