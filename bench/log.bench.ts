// npm run bench:log — trajectory log size against the number of root turns (issue 14: "logs that grow linearly").
// The real CLI writes its log against the local scripted server: each root turn prints about 2 KB and makes one
// llm_query, so every root request carries the whole history so far. Goal: 20 turns ≤ 2.3 × the bytes of 10
// (a log that stores each root request whole grows with the square of the turns: 189 KB vs 604 KB, 3.2×).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type Script } from '../src/scripted-server/index.ts';
import { rlmAskArgs, runChild } from './support/run-child.ts';

const fence = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

function script(turns: number): Script {
  return ({ model, messages }) => {
    if (model === 'sub') return { text: `summary of ${messages.at(-1)?.content.length ?? 0} characters` };
    const turn = Number(/Turn (\d+)\//.exec(messages.at(-1)?.content ?? '')?.[1] ?? '1');
    if (turn >= turns) return { text: 'FINAL(done)' };
    return {
      text: `Looking at part ${turn}.\n${fence(`const part${turn} = context.slice(${turn * 2000}, ${(turn + 1) * 2000});\nconst note${turn} = await llm_query('Summarise: ' + part${turn}.slice(0, 500));\nprint(part${turn})`)}`,
    };
  };
}

async function logBytes(turns: number, dir: string): Promise<number> {
  const server = await startTestServer(script(turns));
  const log = path.join(dir, `turns-${turns}.jsonl`);
  try {
    const context = 'log line with some words and numbers 12345\n'.repeat(2000);
    const { code, stderr } = await runChild(
      process.execPath,
      rlmAskArgs(server.baseURL, [
        '--sub-model',
        'sub',
        '--log',
        log,
        '--max-iterations',
        String(turns + 1),
        '--json',
        'what is in it?',
      ]),
      context,
      { RLM_MODEL: '', CI: 'true' },
    );
    if (code !== 0) throw new Error(`rlm exited ${code} for ${turns} turns: ${stderr}`);
    return statSync(log).size;
  } finally {
    await server.close();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'rlm-bench-log-'));
try {
  const ten = await logBytes(10, dir);
  const twenty = await logBytes(20, dir);
  const ratio = twenty / ten;
  console.log(
    `log         trajectory log, 10 vs 20 root turns (2 KB printed + 1 llm_query per turn): ${(ten / 1024).toFixed(0)} KB vs ${(twenty / 1024).toFixed(0)} KB → ratio ${ratio.toFixed(2)} (goal ≤ 2.3: linear)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
