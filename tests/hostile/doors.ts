import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every door into the web app, found on the file system so that a new page, route handler or
 * server action is fuzzed without anyone remembering to add it here.
 */
const APP = path.resolve('app');

function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, name);
    return name.test(entry.name) ? [full] : [];
  });
}

export interface Door {
  /** The app-relative file, e.g. `app/review/[itemId]/page.tsx`. */
  file: string;
  /** The URL pattern, e.g. `/review/[itemId]`. */
  route: string;
  /** Dynamic segment names, e.g. `['itemId']` (`...rest` segments included as `rest`). */
  segments: string[];
}

function door(file: string): Door {
  const parts = path.relative(APP, path.dirname(file)).split(path.sep).filter((part) => part && !/^\(.*\)$/.test(part));
  return {
    file: path.relative(process.cwd(), file),
    route: `/${parts.join('/')}`,
    segments: parts.flatMap((part) => /^\[(?:\.\.\.)?(\w+)\]$/.exec(part)?.slice(1) ?? []),
  };
}

export const pageDoors = (): Door[] => filesUnder(APP, /^page\.tsx$/).map(door);
export const routeDoors = (): Door[] => filesUnder(APP, /^route\.ts$/).map(door);
export const actionFiles = (): Door[] => filesUnder(APP, /^actions\.ts$/).map(door);

/** The HTTP methods a route.ts exports (`export const { GET, POST } = …` included). */
export function routeMethods(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const methods = new Set<string>();
  for (const match of source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(match[1]!);
  for (const match of source.matchAll(/export const \{([^}]*)\}/g)) {
    for (const name of match[1]!.split(',').map((part) => part.trim())) if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) methods.add(name);
  }
  return [...methods];
}

/**
 * Every field name the app's schemas and pages read (`name: z.…`, `values('name')`, `.get('name')`),
 * so generated inputs hit real fields and not only unknown keys a schema drops.
 */
export function fieldNames(): string[] {
  const sources = [...filesUnder(path.resolve('lib'), /\.ts$/), ...filesUnder(APP, /\.tsx?$/)].map((file) => readFileSync(file, 'utf8'));
  return [...new Set(sources.flatMap(schemaFields))].sort();
}

/** The field names one source file's schemas and form reads name. */
function schemaFields(source: string): string[] {
  const patterns = [
    /\b(\w+):\s*(?:z\.|requiredText|optionalText|listOf|checkbox|localDate|optionalLocalDate|accountId|reason|email|storableString|opaqueId|safeText|timeBound|oneOf)\b/g,
    /\b(?:values|get|getAll)\('(\w+)'\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

/**
 * The field names a door's own code reads: any word of its file that is one of `fields`, and the
 * schema fields of the lib modules it imports. The fuzz sends these most often (inputs.ts fieldKey).
 */
export function fieldsNear(door: Door, fields: readonly string[]): string[] {
  const known = new Set(fields);
  const own = readFileSync(door.file, 'utf8');
  const near = new Set((own.match(/\b\w+\b/g) ?? []).filter((word) => known.has(word)));
  for (const match of own.matchAll(/from '@\/(lib\/[^']+)'/g)) {
    const file = path.resolve(`${match[1]}.ts`);
    if (existsSync(file)) for (const name of schemaFields(readFileSync(file, 'utf8'))) near.add(name);
  }
  return [...near].sort();
}
