'use server';

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
  try {
    await signIn('credentials', {
      email: String(formData.get('email') ?? ''),
      password: String(formData.get('password') ?? ''),
      code: String(formData.get('code') ?? ''),
      redirectTo: safeNextPath(String(formData.get('next') ?? '')),
    });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin) return messageFor(error.code);
    if (error instanceof AuthError) return { error: GENERIC };
    // Success is a redirect, thrown as an error: let it (and anything unexpected) through.
    throw error;
  }
}
