import { BlockList, isIP } from 'node:net';

/**
 * The client's address, for the audit log and the sign-in throttle.
 *
 * Next.js does not tell the app which machine it is talking to: its own `X-Forwarded-For` is the
 * client's copy when the client sent one. So Lookout's server (scripts/serve.ts) deletes any
 * client-sent PEER_HEADER and sets it from the socket, and marks the process as doing so. Under
 * any other server (`next dev`, a bare `next start`) the header may be the client's own: it is
 * ignored and the address is unknown (null).
 *
 * `X-Forwarded-For` counts only when the peer is a proxy named in LOOKOUT_TRUSTED_PROXIES
 * (comma-separated addresses or CIDR ranges). Its hops are then read from the right, skipping
 * further trusted proxies; the first other hop is the client. Hops left of it are whatever the
 * client claimed, and never used.
 */
export const PEER_HEADER = 'x-lookout-peer';
const PEER_HEADER_SET = Symbol.for('lookout.peer-header-set');

/** Called once by scripts/serve.ts, which sets PEER_HEADER on every request it hands to Next. */
export function markPeerHeaderSet(): void {
  (globalThis as Record<symbol, unknown>)[PEER_HEADER_SET] = true;
}

function peerHeaderIsSet(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_HEADER_SET] === true;
}

export interface TrustedProxies {
  includes(address: string): boolean;
}

/** LOOKOUT_TRUSTED_PROXIES parsed; a bad entry is named in the error (serve.ts checks at start). */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== null && (!/^\d+$/.test(prefix!) || bits > maxBits))) {
      throw new Error(`LOOKOUT_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return {
    includes(candidate) {
      const family = isIP(candidate);
      return family !== 0 && list.check(candidate, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

let configured: { value: string | undefined; proxies: TrustedProxies } | null = null;

function configuredProxies(): TrustedProxies {
  const value = process.env.LOOKOUT_TRUSTED_PROXIES;
  if (!configured || configured.value !== value) configured = { value, proxies: parseTrustedProxies(value) };
  return configured.proxies;
}

/** `::ffff:192.0.2.1` → `192.0.2.1`, `192.0.2.1:443` and `[2001:db8::1]:443` lose the port. */
export function normaliseAddress(raw: string): string | null {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice('::ffff:'.length);
  return isIP(address) ? address : null;
}

export function requestAddressFrom(
  headers: Headers,
  options: { trustedProxies?: TrustedProxies; peerHeaderSet?: boolean } = {},
): string | null {
  const peerHeaderSet = options.peerHeaderSet ?? peerHeaderIsSet();
  const peer = peerHeaderSet ? normaliseAddress(headers.get(PEER_HEADER) ?? '') : null;
  if (!peer) return null;
  const trusted = options.trustedProxies ?? configuredProxies();
  let address = peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',');
  for (let index = hops.length - 1; index >= 0 && trusted.includes(address); index--) {
    const hop = normaliseAddress(hops[index]!);
    // A trusted proxy passed on something that is not an address: keep the last one we could check.
    if (!hop) break;
    address = hop;
  }
  return address;
}
