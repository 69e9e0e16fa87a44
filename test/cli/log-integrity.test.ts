// Nothing lost: a log that cannot be written is reported (stderr, --json, exit status), never silently cut, and a
// field too large for one line is shortened with a marker instead of breaking the record.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import {
  assertBuilt,
  BIN,
  JSON_RESULT_KEYS,
  serveSandbox,
  protocolScript,
  repl,
  serverArgs,
  SEVERAL_RUNS_TIMEOUT_MS,
  type CliResult,
  type Sandbox,
} from './helpers.ts';

beforeAll(assertBuilt);

/** Runs the CLI with a file-size limit (`ulimit -f`, KiB): past it every write fails with EFBIG, as on a full disk. */
function runWithFileSizeLimit(sandbox: Sandbox, kib: number, args: string[], stdin: string): Promise<CliResult> {
  const script = `ulimit -f ${kib}; exec "$0" --no-node-snapshot "$@"`;
  const child = spawn('bash', ['-c', script, process.execPath, BIN, ...args], { cwd: sandbox.cwd, env: sandbox.env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe.concurrent(
  'rlm ask: the trajectory log is complete or says it is not',
  { timeout: SEVERAL_RUNS_TIMEOUT_MS },
  () => {
    it('--log /dev/full (a full disk from the first byte): exit 2 before any model is called', async ({
      expect,
      onTestFinished,
    }) => {
      const { server, ask } = await serveSandbox(protocolScript(['FINAL(should not be asked)']), onTestFinished);
      const result = await ask(['--log', '/dev/full', 'q'], { stdin: 'ctx' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('rlm: --log /dev/full: cannot write (ENOSPC)');
      expect(server.requests).toHaveLength(0);
    });

    it('a disk that fills up mid-run: the answer is printed, the failure reported on stderr and in --json, exit 6', async ({
      expect,
      onTestFinished,
    }) => {
      // Enough turns that the log outgrows 8 KiB: each cell prints a kilobyte.
      const turns = Array.from({ length: 6 }, (_, index) => repl(`print('${String(index).repeat(1500)}')`));
      const { server, sandbox } = await serveSandbox(
        protocolScript([...turns, 'FINAL(the answer survived)']),
        onTestFinished,
      );
      const logFile = `${sandbox.base}/run.jsonl`;

      const result = await runWithFileSizeLimit(
        sandbox,
        8,
        ['ask', ...serverArgs(server), '--json', '--log', logFile, 'q'],
        'a context',
      );

      expect(result.code).toBe(6);
      const json = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(Object.keys(json).toSorted()).toEqual(JSON_RESULT_KEYS);
      expect(json).toMatchObject({ answer: 'the answer survived', logFile, logError: { code: 'EFBIG' } });
      expect(result.stderr).toContain('rlm: the trajectory log is incomplete: writing');
      expect(result.stderr).toContain(`${logFile} holds the run only up to there`);
      expect(result.stderr).toContain(`log: ${logFile} (incomplete)`);
      expect(statSync(logFile).size).toBeLessThanOrEqual(8 * 1024);
      const log = parseLog(readFileSync(logFile, 'utf8'));
      expect(log.header).not.toBeNull();
      expect(log.partial).toBe(true);
    });

    it('a 6 MB answer: the log keeps final and run_end, the answer shortened with a marker; stdout has all of it', async ({
      expect,
      onTestFinished,
    }) => {
      const { sandbox, ask } = await serveSandbox(
        protocolScript([repl("FINAL('y'.repeat(6_000_000))")]),
        onTestFinished,
      );
      const logFile = `${sandbox.base}/run.jsonl`;

      const result = await ask(['--log', logFile, 'q'], { stdin: 'ctx' });

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${'y'.repeat(6_000_000)}\n`);
      const log = parseLog(readFileSync(logFile, 'utf8'));
      expect(log.badLines).toEqual([]);
      const final = log.events.find((event) => event.type === 'final');
      const end = log.events.findLast((event) => event.type === 'run_end');
      for (const answer of [final && 'answer' in final ? final.answer : '', end && 'answer' in end ? end.answer : '']) {
        expect(answer).toMatch(/^y+\n… \[rlm log: [\d,]+ characters omitted\] …\ny+$/);
        expect(answer?.length).toBeLessThan(4.5 * 1024 * 1024);
      }
    });
  },
);
