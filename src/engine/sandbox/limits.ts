import type { SandboxContext, SandboxOptions } from './types.ts';
import { DEFAULT_OUTPUT_LIMIT_CHARS } from './truncate.ts';
import { formatCount } from '../format-count.ts';

/** A session's limits with every default filled in. */
export interface Limits {
  memoryLimitMb: number;
  cpuTimeLimitMs: number;
  wallTimeLimitMs: number;
  outputLimitChars: number;
  captureLimitChars: number;
  maxTimers: number;
  deadlockAfterMs: number;
}

export function seconds(ms: number): string {
  return `${formatCount(ms / 1000, 1)} s`;
}

/** A session's limits with the defaults filled in; the memory limit is raised so the context always fits. */
export function sandboxLimits(options: SandboxOptions): Limits {
  return {
    memoryLimitMb: Math.max(options.memoryLimitMb ?? 1024, minimumMemoryMb(options.context)),
    cpuTimeLimitMs: options.cpuTimeLimitMs ?? 60_000,
    wallTimeLimitMs: options.wallTimeLimitMs ?? 15 * 60_000,
    outputLimitChars: options.outputLimitChars ?? DEFAULT_OUTPUT_LIMIT_CHARS,
    captureLimitChars: options.captureLimitChars ?? 2_000_000,
    maxTimers: options.maxTimers ?? 1_000,
    deadlockAfterMs: options.deadlockAfterMs ?? 2_000,
  };
}

/** Memory the isolate needs for the context alone (two bytes per character in the worst case) plus headroom. */
function minimumMemoryMb(context: SandboxContext | undefined): number {
  if (context === undefined) return 0;
  const chars =
    typeof context === 'string'
      ? context.length
      : context.reduce((sum, doc) => sum + doc.content.length + doc.path.length, 0);
  return Math.ceil((chars * 2) / 2 ** 20) + 512;
}
