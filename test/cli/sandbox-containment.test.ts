// Attacks from a model's cell, through the real CLI: whatever a cell does, the host survives, the run goes on with
// the sandbox restarted (the model is told its variables are gone), the answer is printed, the log is complete and
// the process exits. Small sandbox limits keep each attack short; the CLI's own deadline catches a hang.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { parseLog } from '../../src/engine/index.ts';
import { assertBuilt, makeSandbox, protocolScript, repl, rootRequests, runRlm, serve, serverArgs } from './helpers.ts';

beforeAll(assertBuilt);

const HUGE = '2 ** 32 - 1';
/** Generous: each attack runs the CLI and a sandbox process (twice) on a machine whose cores may both be busy. */
const ATTACK_TIMEOUT_MS = 150_000;

/**
 * Each attack is one cell; `told` is what the model reads about it (the second root request); `kept` says whether
 * its variables survive (the attack was refused inside the isolate) or the sandbox was restarted; `cpuMs` is the
 * cell's CPU limit (short, unless the attack needs time to reach the point it tests).
 */
interface Attack {
  name: string;
  code: string;
  told: RegExp;
  kept?: boolean;
  cpuMs?: number;
}

const ATTACKS: Attack[] = [
  {
    name: "'x'.repeat(1.4e8).split('')",
    code: "'x'.repeat(1.4e8).split('')",
    told: /crashed the sandbox process \(V8 fatal error: invalid size/,
    cpuMs: 60_000,
  },
  {
    name: "'x'.repeat(1.4e8).match(/x/g)",
    code: "'x'.repeat(1.4e8).match(/x/g)",
    told: /crashed the sandbox process \(V8 fatal error: invalid size/,
    cpuMs: 60_000,
  },
  {
    name: "'\\n'.repeat(1.4e8).split('\\n')",
    code: "'\\n'.repeat(1.4e8).split('\\n')",
    // 140 M one-character strings: the memory cap or V8's size check, whichever comes first.
    told: /crashed the sandbox process \(V8 fatal error: invalid size|The sandbox process used [\d,]+ MiB, over its cap/,
    cpuMs: 60_000,
  },
  { name: 'indexOf on { length: 2 ** 52 }', code: 'Array.prototype.indexOf.call({ length: 2 ** 52 }, 1)', told: /CPU/ },
  {
    name: 'includes on { length: 2 ** 52 }',
    code: 'Array.prototype.includes.call({ length: 2 ** 52 }, 1)',
    told: /CPU/,
  },
  {
    name: 'lastIndexOf on { length: 2 ** 52 }',
    code: 'Array.prototype.lastIndexOf.call({ length: 2 ** 52 }, 1)',
    told: /CPU/,
  },
  { name: 'new Array(1e9).sort()', code: 'new Array(1e9).sort()', told: /CPU|memory|Memory/ },
  { name: 'copyWithin on a huge array', code: `const a = []; a.length = ${HUGE}; a.copyWithin(0, 1)`, told: /CPU/ },
  { name: 'unshift on a huge array', code: `const a = []; a.length = ${HUGE} - 1; a.unshift(1)`, told: /CPU/ },
  { name: 'reverse on a huge array', code: `const a = []; a.length = ${HUGE}; a.reverse()`, told: /CPU/ },
  { name: 'flat on a huge array', code: `const a = []; a.length = ${HUGE}; [a].flat()`, told: /CPU/ },
  {
    name: 'fill on a huge array',
    code: `const a = []; a.length = ${HUGE}; a.fill(0)`,
    told: /RangeError: fill: 4294967295 elements cannot fit in the sandbox memory limit/,
    kept: true,
  },
  {
    name: "llm_query_batched(Array(100).fill('x'.repeat(5e7)))",
    code: "await llm_query_batched(Array(100).fill('x'.repeat(5e7)))",
    told: /over the limit of [\d,]+ bytes per sub-call prompt/,
    kept: true,
  },
  {
    name: 'a resizable ArrayBuffer grown to 8 GiB and touched',
    code: 'const b = new ArrayBuffer(8, { maxByteLength: 2 ** 34 }); b.resize(2 ** 33); const u = new Uint8Array(b); for (let i = 0; i < u.length; i += 4096) u[i] = 1;',
    told: /RangeError: ArrayBuffer resize: 8589934592 bytes cannot fit in the sandbox memory limit/,
    kept: true,
  },
  {
    name: 'resizable ArrayBuffers of 512 MiB each, touched until 8 GiB',
    code: 'const buffers = []; for (let n = 0; n < 16; n += 1) { const b = new ArrayBuffer(8, { maxByteLength: 2 ** 29 }); b.resize(2 ** 29); const u = new Uint8Array(b); for (let i = 0; i < u.length; i += 4096) u[i] = 1; buffers.push(b); }',
    told: /The sandbox process used [\d,]+ MiB, over its cap of [\d,]+ MiB, and was restarted/,
    cpuMs: 60_000,
  },
];

describe.concurrent('rlm ask: a hostile cell cannot take the host down', () => {
  for (const attack of ATTACKS) {
    it(attack.name, { timeout: ATTACK_TIMEOUT_MS }, async ({ expect, onTestFinished }) => {
      const server = await serve(
        protocolScript([
          repl(`let kept = 'before';\n${attack.code}`),
          repl("print('after:', typeof kept, context.length); FINAL('survived ' + context.length)"),
        ]),
        onTestFinished,
      );
      const sandbox = await makeSandbox();
      onTestFinished(() => sandbox.cleanup());
      sandbox.userConfig({ sandbox: { cpuTimeLimitMs: attack.cpuMs ?? 1_000, memoryLimitMb: 512 } });

      const result = await runRlm(sandbox, ['ask', ...serverArgs(server), '-q', 'survive this'], {
        stdin: 'ctx-12345',
        killAfterMs: 120_000,
      });

      expect(result.stderr).not.toMatch(/Fatal|FATAL|heap out of memory/);
      expect({ code: result.code, stdout: result.stdout.trim() }).toEqual({ code: 0, stdout: 'survived 9' });
      const observation = JSON.stringify(rootRequests(server)[1]?.messages.at(-1));
      expect(observation).toMatch(attack.told);
      expect(observation).toContain(attack.kept ? 'kept (string, 6 chars)' : 'every variable defined earlier is gone');
      const [log] = sandbox.logFiles();
      const parsed = parseLog(readFileSync(log!, 'utf8'));
      expect(parsed.events.at(-1)?.type).toBe('run_end');
    });
  }
});
