import { NextResponse, type NextRequest } from 'next/server';

/**
 * Tells server components which path was asked for, so a signed-out visitor can be sent to
 * /signin?next=<path> and back. Not a security check: every page checks access itself.
 */
export function proxy(request: NextRequest) {
  const malformed = malformedPathAnswer(request);
  if (malformed) return malformed;
  const url = request.nextUrl.clone();
  url.searchParams.delete('_rsc');
  const headers = new Headers(request.headers);
  headers.set('x-lookout-path', `${url.pathname}${url.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
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
