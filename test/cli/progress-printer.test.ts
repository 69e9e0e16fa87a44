import { describe, expect, it } from 'vitest';
import type { RlmEvent } from '../../src/engine/index.ts';
import { createProgressPrinter } from '../../src/cli/output/progress-printer.ts';

const base = { runId: 'r', rlmId: 'r0', parentId: null, depth: 0, ts: 1 };
const output = (kind: string, message: string): RlmEvent =>
  ({
    ...base,
    type: 'repl_output',
    iteration: 1,
    index: 0,
    ok: false,
    output: '',
    modelOutput: '',
    omittedChars: 0,
    value: null,
    error: { kind, name: 'Error', message },
    sessionReset: true,
    durationMs: 5,
  }) as unknown as RlmEvent;

describe('plain progress', () => {
  it('says a cell stopped by cancelling was cancelled, without calling it a sandbox restart', () => {
    const lines: string[] = [];
    const print = createProgressPrinter(
      (line) => lines.push(line),
      (_format, text) => text,
    );
    print(output('aborted', 'The run was cancelled while this cell was running'));
    print(output('memory_limit', 'The cell exceeded the sandbox memory limit'));
    expect(lines[0]).toBe('  ✗ The run was cancelled while this cell was running');
    expect(lines[1]).toBe('  ✗ The cell exceeded the sandbox memory limit (sandbox restarted)');
  });
});
