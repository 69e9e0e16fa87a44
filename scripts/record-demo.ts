// Regenerates fixtures/demo/: the service log and a trajectory recorded by running the real CLI against the local
// test server, with the scripted demo models standing in for real ones. Run: node --no-node-snapshot scripts/record-demo.ts
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '../test/support/openai-test-server.ts';
import { generateServiceLog } from './demo/generate-log.ts';
import { demoRoot, demoSub } from './demo/oracle.ts';

export const DEMO_QUESTION = 'What caused the checkout failures, and which request ids failed?';
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}fixtures/demo`;
mkdirSync(dir, { recursive: true });
const log = generateServiceLog();
writeFileSync(`${dir}/service.log`, log.text);

const server = await startTestServer((request) =>
  request.model === 'demo-sub' ? demoSub(request) : demoRoot(request),
);
const child = spawn(
  process.execPath,
  [
    '--no-node-snapshot',
    `${root}bin/rlm.js`,
    'ask',
    '--base-url',
    server.baseURL,
    '-m',
    'demo-root',
    '--sub-model',
    'demo-sub',
    '-c',
    'fixtures/demo/service.log',
    '--log',
    'fixtures/demo/run.jsonl',
    '--quiet',
    DEMO_QUESTION,
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, OPENAI_API_KEY: '' } },
);
let answer = '';
child.stdout.on('data', (chunk: Buffer) => (answer += chunk.toString()));
const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
await server.close();
console.log(answer);
const missing = log.failedRequestIds.filter((id) => !answer.includes(id));
if (code !== 0 || missing.length > 0)
  throw new Error(`demo recording failed (exit ${code}, ${missing.length} failed ids missing from the answer)`);
console.log(`recorded fixtures/demo/run.jsonl (${log.failedRequestIds.length} failed ids found)`);
