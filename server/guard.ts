import { headers } from 'next/headers';
import { forbidden, redirect, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { AuthorizationError, requirePermission, type Permission } from '../lib/auth/permissions';
import type { StaffActor, StaffSession } from '../lib/auth/session';
import { InputError } from '../lib/errors';
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

export interface GuardContext {
  actor: StaffActor;
  requestAddress: string | null;
}

export async function currentRequestAddress(): Promise<string | null> {
  return requestAddressFrom(await headers());
}

/** A local path to come back to after sign-in; anything else (other hosts, `//x`) becomes `/`. */
export function safeNextPath(next: unknown): string {
  // A repeated ?next= arrives as an array: only one plain local path is followed.
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * For server components: returns the actor, or sends a signed-out visitor to sign in (and back
 * here afterwards), or renders the 403 page (app/forbidden.tsx) for a role without the permission.
 */
export async function requirePagePermission(permission: Permission): Promise<StaffActor> {
  const session = await getStaffSession();
  if (!session) {
    const here = safeNextPath((await headers()).get('x-lookout-path'));
    redirect(`/signin?next=${encodeURIComponent(here)}`);
  }
  if (setupPending(session, permission)) redirect('/profile');
  try {
    return requirePermission(session.actor, permission);
  } catch (error) {
    if (error instanceof AuthorizationError) forbidden();
    throw error;
  }
}

export type FieldErrors = Record<string, string[] | undefined>;
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
    try {
      const session = await getStaffSession();
      const actor = requirePermission(session?.actor, permission);
      if (setupPending(session, permission)) return { ok: false, error: SETUP_MESSAGE };
      const raw = formData ?? inputOrPrevious;
      const parsed = schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
      if (!parsed.success) {
        return { ok: false, error: 'Some fields need correcting.', fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors };
      }
      return { ok: true, data: await fn(parsed.data, { actor, requestAddress: await currentRequestAddress() }) };
    } catch (error) {
      unstable_rethrow(error);
      const { error: message, fieldErrors } = describeFailure(error);
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
) {
  return async (request: Request, routeContext: { params: Promise<P> }): Promise<Response> => {
    try {
      const session = await getStaffSession();
      const actor = requirePermission(session?.actor, permission);
      if (setupPending(session, permission)) return Response.json({ error: SETUP_MESSAGE }, { status: 403 });
      const params = await routeContext.params;
      return await handler(request, { actor, requestAddress: requestAddressFrom(request.headers), params });
    } catch (error) {
      unstable_rethrow(error);
      const { error: message, fieldErrors, status } = describeFailure(error);
      return Response.json({ error: message, ...(fieldErrors ? { fieldErrors } : {}) }, { status });
    }
  };
}

function describeFailure(error: unknown): { error: string; fieldErrors?: FieldErrors; status: number } {
  if (error instanceof AuthorizationError) return { error: error.message, status: error.status };
  if (error instanceof z.ZodError) {
    return { error: 'Some fields need correcting.', fieldErrors: z.flattenError(error).fieldErrors as FieldErrors, status: 400 };
  }
  if (error instanceof InputError) return { error: error.message, status: error.status };
  console.error(error);
  return { error: 'The server could not complete this request; nothing was changed.', status: 500 };
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
