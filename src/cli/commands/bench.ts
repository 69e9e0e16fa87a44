import { usageError } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import type { BenchFlags } from '../program.ts';

export async function benchCommand(_io: CliIO, _flags: BenchFlags): Promise<number> {
  throw usageError('rlm bench is not available yet');
}
