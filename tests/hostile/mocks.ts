import { fuzzSession } from './harness';

/**
 * What the hostile-input tests put in place of Next's request scope (vi.mock factories in each
 * test file import these): request headers from a prober, no cache to revalidate, and the
 * session the stage chose instead of a cookie.
 */
export const nextHeaders = {
  headers: async () => new Headers({ 'x-real-ip': '203.0.113.9', 'x-lookout-path': '/' }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
};

export const nextCache = {
  revalidatePath: () => undefined,
  revalidateTag: () => undefined,
  unstable_cache: <T>(fn: T) => fn,
};

export const serverSession = {
  getStaffSession: async () => fuzzSession.current,
  getActor: async () => fuzzSession.current?.actor ?? null,
};
