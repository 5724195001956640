/**
 * The Content-Security-Policy of every page, built per request around a fresh nonce (proxy.ts).
 * Next.js reads the nonce back from the request's policy header and puts it on its own scripts
 * and inline styles, so only code this server sent in this response runs.
 *
 * - script-src: the nonce plus 'strict-dynamic' (scripts those load may load chunks); no host
 *   allow-list and no 'unsafe-inline', so an injected <script> or event handler does not run.
 * - style-src: 'self' and the nonce for <style> elements. Style *attributes* are allowed
 *   ('unsafe-inline' in style-src-attr only): React renders `style={…}` into the server HTML
 *   (recharts' SVG, progress widths), a nonce cannot cover attributes, and an attribute cannot
 *   carry selectors, so it cannot read the page the way an injected <style> could.
 * - frame-ancestors 'none': no page can be framed (clickjacking on release, staff and token pages).
 * - no upgrade-insecure-requests: HSTS does that job on HTTPS, and the demo and the tests serve
 *   plain HTTP on 127.0.0.1, where upgrading would break every asset.
 */
export function pageContentSecurityPolicy(nonce: string, development = false): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? ` 'unsafe-eval'` : ''}`,
    // The dev server's overlay injects <style> without a nonce.
    development ? `style-src 'self' 'unsafe-inline'` : `style-src 'self' 'nonce-${nonce}'`,
    `style-src-attr 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** A fresh, unguessable nonce for one response (128 random bits). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
