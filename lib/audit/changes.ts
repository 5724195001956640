/**
 * An audit entry's `changes` as a person reads them: what changed, before and after, and the other
 * details as labelled values — never raw JSON. Entries record changes in a few shapes, all read here:
 * `{ role: { from, to } }`, top-level `from`/`to` (an item's status), and `previousX` beside `x` or
 * `xId` (an item's assignee). Pure: the entry page, the explorer's list and the CSV use it.
 */

export interface ChangedField {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface DetailField {
  field: string;
  label: string;
  value: string;
}

export interface ReadableChanges {
  changed: ChangedField[];
  details: DetailField[];
}

const EMPTY = '—';

/** `reportedId` → "Reported id", `account_action` → "Account action", `items.0.id` → "Items 1 › id". */
export function fieldLabel(path: string): string {
  return path
    .split('.')
    .map((part, index) => {
      if (/^\d+$/.test(part)) return String(Number(part) + 1);
      const words = part
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replaceAll('_', ' ')
        .toLowerCase();
      return index === 0 ? words.charAt(0).toUpperCase() + words.slice(1) : words;
    })
    .join(' › ');
}

/** One value as text: none as "—", yes/no, lists joined, objects as "key: value" pairs. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(formatValue).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? EMPTY : entries.map(([key, inner]) => `${fieldLabel(key).toLowerCase()}: ${formatValue(inner)}`).join('; ');
  }
  return String(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isChange = (value: unknown): value is { from: unknown; to: unknown } => isRecord(value) && 'from' in value && 'to' in value && Object.keys(value).length === 2;

/** Details flattened to one row per leaf (objects nested under a key become "Key › inner"). */
function flatten(value: unknown, path: string, out: DetailField[]): void {
  if (isRecord(value) && Object.keys(value).length > 0 && !isChange(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, out);
    return;
  }
  out.push({ field: path, label: fieldLabel(path), value: formatValue(value) });
}

export function readableChanges(changes: unknown): ReadableChanges {
  const changed: ChangedField[] = [];
  const details: DetailField[] = [];
  if (!isRecord(changes)) return { changed, details };
  const used = new Set<string>();

  if ('from' in changes && 'to' in changes && !isRecord(changes.from) && !isRecord(changes.to)) {
    changed.push({ field: 'status', label: 'Status', before: formatValue(changes.from), after: formatValue(changes.to) });
    used.add('from').add('to');
  }
  for (const [key, value] of Object.entries(changes)) {
    if (used.has(key)) continue;
    if (isChange(value)) {
      changed.push({ field: key, label: fieldLabel(key), before: formatValue(value.from), after: formatValue(value.to) });
      used.add(key);
      continue;
    }
    const previous = /^previous([A-Z]\w*)$/.exec(key);
    if (previous) {
      const stem = previous[1]!.charAt(0).toLowerCase() + previous[1]!.slice(1);
      const current = [stem, `${stem}Id`].find((name) => name in changes && !used.has(name));
      if (current) {
        changed.push({ field: stem, label: fieldLabel(stem), before: formatValue(value), after: formatValue(changes[current]) });
        used.add(key).add(current);
      }
    }
  }
  for (const [key, value] of Object.entries(changes)) if (!used.has(key)) flatten(value, key, details);
  return { changed, details };
}

/** The changes in one line, for a list row or a CSV cell: "Role: moderator → admin; Reported id: a1". */
export function changesSummary(changes: unknown, max = 240): string {
  const { changed, details } = readableChanges(changes);
  const text = [...changed.map((c) => `${c.label}: ${c.before} → ${c.after}`), ...details.map((d) => `${d.label}: ${d.value}`)].join('; ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
