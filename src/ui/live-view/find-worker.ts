import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built worker entry (`dist/live-view-worker.js`), or null when running from sources: a worker cannot load
 * the `.tsx` components (Node strips types only from `.ts`), so the view then renders on the calling thread.
 * Bundled, this code lives in `dist/chunks/…` (or a bundle at the top of dist).
 */
export function findLiveViewWorker(here: string = import.meta.url): string | null {
  if (/\.tsx?$/.test(here)) return null;
  const candidates = [new URL('../live-view-worker.js', here), new URL('./live-view-worker.js', here)];
  return candidates.map((url) => fileURLToPath(url)).find((file) => existsSync(file)) ?? null;
}
