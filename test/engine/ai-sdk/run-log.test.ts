import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunLog } from '../../../src/engine/ai-sdk/run-log.ts';

const header = {
  question: 'q',
  model: 'm',
  subModel: 'm',
  context: { type: 'string' as const, chars: 1, documents: 1, paths: [] },
};

describe("the AI SDK provider's run log", () => {
  it('writes the header and the events, and closes cleanly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlm-run-log-'));
    const log = new RunLog(dir, 'run-1', header);
    await log.close();
    expect(log.failure).toBeNull();
    expect(JSON.parse(readFileSync(log.path, 'utf8').split('\n')[0] ?? '')).toMatchObject({ type: 'header' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('a log whose directory is gone before it opens is a failure it reports, never an unhandled error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlm-run-log-'));
    const log = new RunLog(dir, 'run-2', header);
    // The file opens asynchronously: removed in the same tick, the open fails with ENOENT.
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(log.close()).resolves.toBeUndefined();
    expect(log.failure?.message).toMatch(/ENOENT/);
  });
});
