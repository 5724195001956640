'use server';

import { redirect } from 'next/navigation';
import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn } from '@/server/auth';
import { safeNextPath } from '@/server/guard';

export interface SignInState {
  error?: string;
  /** The password was right and this member has a second factor: ask for the code. */
  needsCode?: boolean;
}

const GENERIC = 'Email or password is incorrect.';

/** Messages for each refusal; none says whether the email belongs to a staff member. */
function messageFor(code: string): SignInState {
  if (code.startsWith('throttled:')) {
    return { error: `${GENERIC} Too many failed attempts: try again in ${code.slice('throttled:'.length)} s.` };
  }
  if (code === 'code_required') return { needsCode: true };
  if (code === 'code_invalid') return { needsCode: true, error: 'That code is not right, or it was already used. Enter the next 6-digit code from your app.' };
  return { error: GENERIC };
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  // A server action is a public endpoint: anything but the sign-in form's fields is refused plainly.
  if (!(formData instanceof FormData)) return { error: GENERIC };
  const destination = safeNextPath(String(formData.get('next') ?? ''));
  try {
    // No redirect from Auth.js: it would prefix the path with a base URL taken from the request's
    // host headers. Lookout redirects itself, to the checked same-origin path only.
    await signIn('credentials', {
      email: String(formData.get('email') ?? ''),
      password: String(formData.get('password') ?? ''),
      code: String(formData.get('code') ?? ''),
      redirectTo: destination,
      redirect: false,
    });
  } catch (error) {
    if (error instanceof CredentialsSignin) return messageFor(error.code);
    if (error instanceof AuthError) return { error: GENERIC };
    throw error;
  }
  redirect(destination);
}
