import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built entry of the view's process (`dist/live-view.js`), or null when running from sources: a plain Node
 * process cannot load the `.tsx` components (Node strips types only from `.ts`), so the view then renders in the
 * CLI's process. Bundled, this code lives in `dist/chunks/…` (or a bundle at the top of dist).
 */
export function findLiveViewEntry(here: string = import.meta.url): string | null {
  if (/\.tsx?$/.test(here)) return null;
  const candidates = [new URL('../live-view.js', here), new URL('./live-view.js', here)];
  return candidates.map((url) => fileURLToPath(url)).find((file) => existsSync(file)) ?? null;
}
