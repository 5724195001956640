import { describe, expect, it } from 'vitest';
import { normaliseAddress, parseTrustedProxies, PEER_HEADER, requestAddressFrom } from '@/server/request-address';

const proxies = parseTrustedProxies('10.0.0.0/8, 192.0.2.7, ::1');
const from = (peer: string | null, forwardedFor?: string, peerHeaderSet = true) => {
  const headers = new Headers();
  if (peer) headers.set(PEER_HEADER, peer);
  if (forwardedFor !== undefined) headers.set('x-forwarded-for', forwardedFor);
  return requestAddressFrom(headers, { trustedProxies: proxies, peerHeaderSet });
};

describe('client address', () => {
  it('ignores a forged X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(from('203.0.113.50', '198.51.100.1')).toBe('203.0.113.50');
    expect(from('::ffff:203.0.113.50', '10.0.0.1, 198.51.100.1')).toBe('203.0.113.50');
  });

  it('honours X-Forwarded-For from a trusted proxy: the nearest hop that is not a proxy', () => {
    expect(from('10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
    // The client prepended a claim of its own; the proxies appended the truth.
    expect(from('10.1.2.3', '1.1.1.1, 198.51.100.1, 192.0.2.7')).toBe('198.51.100.1');
    expect(from('::1', '[2001:db8::5]:5555')).toBe('2001:db8::5');
    expect(from('::ffff:10.0.0.9', '198.51.100.1:443')).toBe('198.51.100.1');
  });

  it('falls back to the proxy itself when its header is missing or not an address', () => {
    expect(from('10.1.2.3')).toBe('10.1.2.3');
    expect(from('10.1.2.3', 'unknown')).toBe('10.1.2.3');
    expect(from('10.1.2.3', '198.51.100.1, garbage, 10.0.0.2')).toBe('10.0.0.2');
  });

  it('knows no address when the peer header was not set by Lookout’s server (a client could have sent it)', () => {
    expect(from('10.1.2.3', '198.51.100.1', false)).toBeNull();
    expect(from(null, '198.51.100.1')).toBeNull();
    expect(from('not-an-ip', '198.51.100.1')).toBeNull();
  });

  it('ignores X-Real-IP, which any client can send', () => {
    const headers = new Headers({ [PEER_HEADER]: '203.0.113.50', 'x-real-ip': '198.51.100.1' });
    expect(requestAddressFrom(headers, { trustedProxies: proxies, peerHeaderSet: true })).toBe('203.0.113.50');
  });
});

describe('LOOKOUT_TRUSTED_PROXIES', () => {
  it('reads addresses and CIDR ranges of both families', () => {
    expect(['10.255.0.1', '192.0.2.7', '::1'].map((a) => proxies.includes(a))).toEqual([true, true, true]);
    expect(['11.0.0.1', '192.0.2.8', '::2', 'x'].map((a) => proxies.includes(a))).toEqual([false, false, false, false]);
    expect(parseTrustedProxies('').includes('127.0.0.1')).toBe(false);
  });

  it('names an entry that is not an address or range', () => {
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.0/8/1', '10.0.0.0/x', '::/129']) {
      expect(() => parseTrustedProxies(`127.0.0.1, ${bad}`)).toThrow(`LOOKOUT_TRUSTED_PROXIES: "${bad}" is not an IP address or CIDR range`);
    }
  });

  it('normalises the forms proxies write addresses in', () => {
    expect(['::ffff:127.0.0.1', '127.0.0.1:80', '[::1]:80', ' 2001:db8::1 ', 'nope'].map(normaliseAddress)).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '::1',
      '2001:db8::1',
      null,
    ]);
  });
});
