import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

/**
 * First-load JavaScript per app route of a production build: the scripts a browser fetches before the
 * route is interactive — the build's root main files (runtime, React, Next's client) plus every chunk
 * the route's layouts and page name in their client reference manifest. Next 16 no longer prints this
 * table, so it is read from `.next`. Sizes are of the files as served, raw and gzip (level 9, what a
 * compressing proxy would send); the legacy polyfills (`nomodule`) are left out: browsers in use skip them.
 */
export function firstLoadJavaScript(buildDir: string): { route: string; gzipBytes: number; rawBytes: number }[] {
  const buildManifest = JSON.parse(readFileSync(path.join(buildDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let size = sizes.get(file);
    if (!size) {
      const bytes = readFileSync(path.join(buildDir, file));
      size = { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
      sizes.set(file, size);
    }
    return size;
  };
  const results: { route: string; gzipBytes: number; rawBytes: number }[] = [];
  for (const manifestFile of manifestsUnder(path.join(buildDir, 'server', 'app'))) {
    const sandbox = { globalThis: {} as Record<string, unknown> };
    runInNewContext(readFileSync(manifestFile, 'utf8'), sandbox);
    const manifests = (sandbox.globalThis.__RSC_MANIFEST ?? {}) as Record<string, { entryJSFiles?: Record<string, string[]> }>;
    for (const [route, manifest] of Object.entries(manifests)) {
      if (!route.endsWith('/page')) continue;
      const files = new Set([...buildManifest.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()].filter((file) => file.endsWith('.js')));
      let gzipBytes = 0;
      let rawBytes = 0;
      for (const file of files) {
        const size = sizeOf(file);
        gzipBytes += size.gzip;
        rawBytes += size.raw;
      }
      results.push({ route: route.slice(0, -'/page'.length) || '/', gzipBytes, rawBytes });
    }
  }
  return results.sort((a, b) => a.route.localeCompare(b.route));
}

function manifestsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return manifestsUnder(file);
    return name === 'page_client-reference-manifest.js' ? [file] : [];
  });
}
