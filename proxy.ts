import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pageContentSecurityPolicy } from '@/server/content-security-policy';

/**
 * Runs before every page and server action (both are requests to a page path):
 * - gives the response a Content-Security-Policy with a fresh nonce, and hands the same policy
 *   to the renderer as a request header, which is where Next.js reads the nonce from;
 * - tells server components which path was asked for, so a signed-out visitor can be sent to
 *   /signin?next=<path> and back (not a security check: every page checks access itself).
 * The static headers (HSTS, nosniff, …) and the policy of API routes come from next.config.js.
 */
export function proxy(request: NextRequest) {
  const malformed = malformedPathAnswer(request);
  if (malformed) return malformed;
  const url = request.nextUrl.clone();
  url.searchParams.delete('_rsc');
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('x-lookout-path', `${url.pathname}${url.search}`);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Not /api/: route handlers get their policy from next.config.js, and a proxy in front of a
  // route makes Next.js buffer the whole request body (up to 10 MB) before the handler runs,
  // which would defeat the ingest API's 256 KB streaming cap and the upload's own limit.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};

/**
 * A path segment Next cannot decode (a bad %-escape such as `/review/%E0%A4%A`, or one that decodes
 * to a NUL) would fail inside Next before any page runs, as an empty 500. It is the client's
 * malformed request: answer 400 and say so.
 */
function malformedPathAnswer(request: NextRequest): Response | null {
  for (const segment of request.nextUrl.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return badRequest();
    }
    if (decoded.includes('\u0000')) return badRequest();
  }
  return null;
}

function badRequest(): Response {
  return new Response('Bad request: the address contains a malformed %-escape or a NUL byte.', {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
