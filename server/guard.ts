import { headers } from 'next/headers';
import { forbidden, redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { AccessDenied, recordDenial, type DenialTarget } from '@/lib/audit/denial';
import { requirePermission, type Permission } from '@/lib/auth/permissions';
import type { StaffActor, StaffSession } from '@/lib/auth/session';
import { DomainError, type FieldErrors } from '@/lib/errors';
import { httpFailureOf } from './http-errors';
import { getDb } from '@/db';
import type { LibContext } from '@/lib/context';
import { requestAddressFrom } from './request-address';
import { getStaffSession } from './session';

/**
 * The three doors into the web app: pages, server actions and route handlers. Each asks
 * requirePermission (lib/auth/permissions.ts) and nothing else decides access.
 */

/** Until a new member changes their initial password (and enrols a required second factor), only their profile is open. */
export const SETUP_PERMISSION: Permission = 'profile:manage';
const SETUP_MESSAGE = 'Finish setting up your sign-in on your profile page first.';

function setupPending(session: StaffSession | null, permission: Permission): boolean {
  return Boolean(session && permission !== SETUP_PERMISSION && (session.mustChangePassword || session.mustEnrolSecondFactor));
}

/** What a guarded door hands its callback: the LibContext for lib calls, with the checked staff member as actor. */
export interface GuardContext extends LibContext {
  actor: StaffActor;
}

async function contextFor(actor: StaffActor, requestAddress: string | null): Promise<GuardContext> {
  return { db: await getDb(), actor, requestAddress, now: new Date() };
}

/**
 * Refusals on sensitive objects leave an audit entry (a denial): an AccessDenied names its own
 * target; a 403 from the permission table is recorded when the door says what it guards.
 */
async function auditRefusal(actor: StaffActor | null | undefined, error: unknown, deniedAs: DenialTarget | undefined, requestAddress: string | null): Promise<void> {
  const forbiddenByRole = error instanceof DomainError && error.code === 'forbidden' && !(error instanceof AccessDenied);
  const target = error instanceof AccessDenied ? error.denial : forbiddenByRole ? deniedAs : undefined;
  if (!actor || !target) return;
  await recordDenial(await contextFor(actor, requestAddress), { ...target, reason: (error as Error).message });
}

export async function currentRequestAddress(): Promise<string | null> {
  return requestAddressFrom(await headers());
}

const LOCAL_ORIGIN = 'http://lookout.local';

/**
 * A path on this site to come back to after sign-in, normalised; anything else becomes `/`.
 * The path is resolved the way a browser would resolve it against this origin, and only a
 * result on the same origin is kept. Refused before that: backslashes and control characters
 * (browsers drop tabs and newlines, and read `\` as `/`, so `/\t/evil.example` becomes
 * `//evil.example`), and a path that decodes to either. Refused after: a normalised path that
 * starts with `//` (`/.//evil.example`), which a Location header would send to another host.
 */
export function safeNextPath(next: unknown): string {
  // A repeated ?next= arrives as an array: only one plain local path is followed.
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2048 || unsafeCharacters(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, LOCAL_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== LOCAL_ORIGIN || url.pathname.startsWith('//')) return '/';
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    return '/';
  }
  if (decodedPath.startsWith('//') || unsafeCharacters(decodedPath)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

function unsafeCharacters(text: string): boolean {
  return /[\\\u0000-\u001f\u007f]/.test(text);
}

/**
 * For server components: returns the actor, or sends a signed-out visitor to sign in (and back
 * here afterwards), or renders the 403 page (app/forbidden.tsx) for a role without the permission.
 */
export async function requirePagePermission(permission: Permission, deniedAs?: DenialTarget): Promise<StaffActor> {
  return (await requirePageContext(permission, deniedAs)).actor;
}

/** requirePagePermission, handing the page the LibContext its lib calls take. */
export async function requirePageContext(permission: Permission, deniedAs?: DenialTarget): Promise<GuardContext> {
  const session = await getStaffSession();
  if (!session) {
    const here = safeNextPath((await headers()).get('x-lookout-path'));
    redirect(`/signin?next=${encodeURIComponent(here)}`);
  }
  if (setupPending(session, permission)) redirect('/profile');
  let actor: StaffActor;
  try {
    actor = requirePermission(session.actor, permission);
  } catch (error) {
    if (error instanceof DomainError) {
      await auditRefusal(session.actor, error, deniedAs, await currentRequestAddress());
      forbidden();
    }
    throw error;
  }
  return contextFor(actor, await currentRequestAddress());
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors };

/**
 * A server action that checks the permission, parses its input with the schema (a plain
 * object, or FormData — also as `useActionState`'s second argument), and runs `fn` with the
 * actor. Refusals and bad input come back as `{ ok: false }`; redirects pass through.
 */
export function guardedAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  fn: (input: z.output<S>, context: GuardContext) => Promise<T>,
) {
  return async (inputOrPrevious: z.input<S> | FormData | ActionResult<T> | null, formData?: FormData): Promise<ActionResult<T>> => {
    let actor: StaffActor | null | undefined;
    try {
      const session = await getStaffSession();
      actor = session?.actor;
      const allowed = requirePermission(actor, permission);
      if (setupPending(session, permission)) return { ok: false, error: SETUP_MESSAGE };
      const raw = formData ?? inputOrPrevious;
      const parsed = schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
      if (!parsed.success) {
        return { ok: false, error: 'Some fields need correcting.', fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors };
      }
      return { ok: true, data: await fn(parsed.data, await contextFor(allowed, await currentRequestAddress())) };
    } catch (error) {
      unstable_rethrow(error);
      await auditRefusal(actor, error, undefined, await currentRequestAddress());
      const { error: message, fieldErrors } = httpFailureOf(error, { door: 'action', path: (await headers()).get('x-lookout-path') });
      return fieldErrors ? { ok: false, error: message, fieldErrors } : { ok: false, error: message };
    }
  };
}

/**
 * A route handler that answers 401/403 JSON unless the signed-in staff member holds the
 * permission, and 400 for bad input; otherwise runs `handler` with the actor and route params.
 */
export function guardedRoute<P extends Record<string, string | string[]> = Record<string, never>>(
  permission: Permission,
  handler: (request: Request, context: GuardContext & { params: P }) => Promise<Response>,
  options: { deniedAs?: (params: P) => DenialTarget } = {},
) {
  return async (request: Request, routeContext: { params: Promise<P> }): Promise<Response> => {
    let actor: StaffActor | null | undefined;
    try {
      const session = await getStaffSession();
      actor = session?.actor;
      const allowed = requirePermission(actor, permission);
      if (setupPending(session, permission)) return Response.json({ error: SETUP_MESSAGE }, { status: 403 });
      const params = await routeContext.params;
      return await handler(request, { ...(await contextFor(allowed, requestAddressFrom(request.headers))), params });
    } catch (error) {
      unstable_rethrow(error);
      const deniedAs = options.deniedAs ? options.deniedAs(await routeContext.params) : undefined;
      await auditRefusal(actor, error, deniedAs, requestAddressFrom(request.headers));
      const { error: message, fieldErrors, status } = httpFailureOf(error, { door: 'route', path: request.url });
      return Response.json({ error: message, ...(fieldErrors ? { fieldErrors } : {}) }, { status });
    }
  };
}

/** FormData → object: a name given once is a value, a name given several times (checkboxes) an array. */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const result: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = formData.getAll(key);
    result[key] = values.length === 1 ? values[0]! : values;
  }
  return result;
}
