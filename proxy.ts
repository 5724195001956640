import { NextResponse, type NextRequest } from 'next/server';

/**
 * Tells server components which path was asked for, so a signed-out visitor can be sent to
 * /signin?next=<path> and back. Not a security check: every page checks access itself.
 */
export function proxy(request: NextRequest) {
  const url = request.nextUrl.clone();
  url.searchParams.delete('_rsc');
  const headers = new Headers(request.headers);
  headers.set('x-lookout-path', `${url.pathname}${url.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
