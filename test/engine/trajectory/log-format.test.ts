import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeLogProblems, parseLog } from '../../../src/engine/internal.ts';
import { brokenDemoLog } from '../../support/bad-log.ts';

describe('parseLog checks every line', () => {
  it('keeps a valid log whole', () => {
    const log = parseLog(readFileSync('fixtures/demo/run.jsonl', 'utf8'));
    expect(log.problems).toEqual([]);
    expect(log.header?.model).toBe('demo-root');
    expect(log.partial).toBe(false);
  });

  it('skips lines with wrong field types and says which and why, keeping the rest', () => {
    const { text, broken } = brokenDemoLog();
    const total = text.trimEnd().split('\n').length;
    const log = parseLog(text);
    expect(log.problems.map((problem) => problem.line)).toEqual(broken);
    expect(log.badLines).toEqual(broken);
    expect(log.events).toHaveLength(total - 1 - broken.length);
    const reasons = Object.fromEntries(log.problems.map((problem) => [problem.line, problem.reason]));
    expect(Object.values(reasons)).toEqual(
      expect.arrayContaining([
        'not a JSON object',
        'final.answer: Invalid input: expected string, received object',
        'llm_call_end.text: Invalid input: expected string, received object',
        'code_block.code: Invalid input: expected string, received number',
        'not JSON (a crash mid-write cuts the last line)',
      ]),
    );
    expect(log.events.some((event) => event.type === 'final')).toBe(false);
  });

  it('reports unknown event types, a second header, a bad header and a line without a type', () => {
    const header = readFileSync('fixtures/demo/run.jsonl', 'utf8').split('\n')[0] ?? '';
    const log = parseLog(
      [
        header,
        header,
        '{"type":"teleport","runId":"r","rlmId":"r0","parentId":null,"depth":0,"ts":1}',
        '{"hello":1}',
        '{"type":"header","schema":"rlm.trajectory/1","question":5}',
      ].join('\n'),
    );
    expect(log.problems).toEqual([
      { line: 2, reason: 'a second header' },
      { line: 3, reason: 'unknown event type "teleport"' },
      { line: 4, reason: 'no "type" field' },
      { line: 5, reason: 'a second header' },
    ]);
    expect(parseLog('{"type":"header","schema":"rlm.trajectory/1","question":5}').problems[0]?.reason).toMatch(
      /^header\.createdAt: .*expected string/,
    );
  });

  it('describes at most five problems for a terminal, then how many more', () => {
    const problems = Array.from({ length: 7 }, (_, index) => ({ line: index + 2, reason: 'not JSON' }));
    expect(describeLogProblems('run.jsonl', problems)).toEqual([
      'run.jsonl:2: skipped: not JSON',
      'run.jsonl:3: skipped: not JSON',
      'run.jsonl:4: skipped: not JSON',
      'run.jsonl:5: skipped: not JSON',
      'run.jsonl:6: skipped: not JSON',
      'run.jsonl: … and 2 more skipped line(s)',
    ]);
  });
});
