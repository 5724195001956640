/**
 * The client's address as the nearest proxy reports it: X-Real-IP, else the last X-Forwarded-For
 * hop (the one the proxy appended; earlier hops are whatever the client claimed). Without a
 * proxy in front, these headers come from the client itself: deploy behind one that sets them.
 */
export function requestAddressFrom(headers: Headers): string | null {
  const realIp = headers.get('x-real-ip')?.trim();
  const forwarded = headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  const address = realIp || forwarded;
  return address ? address.slice(0, 64) : null;
}
