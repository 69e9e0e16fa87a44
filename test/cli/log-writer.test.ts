// The trajectory log writer on its own: long fields are cut with a marker, after redaction, so no secret survives
// half-cut (write failures are covered end to end in log-integrity.test.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogHeader, RlmEvent } from '../../src/engine/index.ts';
import { LogWriter } from '../../src/cli/log/log-writer.ts';
import { MAX_LOGGED_FIELD_CHARS } from '../../src/cli/log/truncate-fields.ts';

const header = { type: 'header', schema: 'rlm.trajectory/1', question: 'q' } as unknown as LogHeader;
const finalEvent = (answer: string) =>
  ({ type: 'final', answer, source: 'code', runId: 'r', rlmId: 'r0', parentId: null, depth: 0, ts: 1 }) as RlmEvent;

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LogWriter', () => {
  it('redacts a secret that straddles the cut of an oversized field before cutting it', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rlm-log-writer-'));
    const secret = 'sk-test-secret-0123456789abcdef';
    const half = MAX_LOGGED_FIELD_CHARS / 2;
    // The secret starts a few characters before the kept head ends: a cut first would keep its first part.
    const answer = `${'a'.repeat(half - 10)}${secret}${'b'.repeat(half + 1000)}`;
    const log = new LogWriter(path.join(dir, 'run.jsonl'), header, {
      redact: (text) => text.split(secret).join('[redacted]'),
    });
    log.write(finalEvent(answer));
    log.close();

    const written = readFileSync(path.join(dir, 'run.jsonl'), 'utf8');
    expect(written).not.toContain(secret.slice(0, 10));
    expect(written).toContain('characters omitted] …');
    expect(log.failure).toBeNull();
  });
});
