/**
 * Whether a state-changing request comes from one of Lookout's own pages: the browser's Origin
 * header names this host. Next.js makes this check for server actions; a route handler that
 * accepts a form post must make it itself (a cross-site form can neither forge Origin nor set
 * X-Forwarded-Host).
 */
export function fromOwnPage(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
