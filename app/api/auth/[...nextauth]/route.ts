import { handlers } from '@/server/auth';

/**
 * Auth.js's endpoints, less its own sign-out page: that page clears the cookie in the browser but
 * cannot be made to end the session on the server, so a copied cookie would live on. Lookout's
 * sign-out (the user menu, server/auth-actions.ts) ends every session of the member server-side.
 */
function withoutBuiltInSignOut(handler: (request: never) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    if (new URL(request.url).pathname.endsWith('/signout')) {
      return Response.json({ error: 'Sign out from the menu in Lookout.' }, { status: 404 });
    }
    return handler(request as never);
  };
}

export const GET = withoutBuiltInSignOut(handlers.GET);
export const POST = withoutBuiltInSignOut(handlers.POST);
