import { multihopDocs } from './multihop-docs.ts';
import { oolongLite } from './oolong-lite.ts';
import { pairsLite } from './pairs-lite.ts';
import { sniah } from './sniah.ts';
import type { Suite, SuiteName } from './types.ts';

export type { BenchTask, Suite, SuiteName, SuiteScore } from './types.ts';

export const SUITES: Record<SuiteName, Suite> = {
  sniah,
  'oolong-lite': oolongLite,
  'pairs-lite': pairsLite,
  'multihop-docs': multihopDocs,
};
