import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { startTestServer } from './src/scripted-server/index.ts';
const lines: string[] = []; let size = 0;
for (let i = 0; size < 100 * 2 ** 20; i++) { const l = `2026-11-28T10:${String(i % 60).padStart(2, '0')}:00Z worker-${i % 17} handled request ${i} in ${i % 997} ms\n`; lines.push(l); size += l.length; }
writeFileSync('/tmp/ctxexp/big.log', lines.join(''));
let first = 0;
const server = await startTestServer(() => { first ||= performance.now(); return { text: 'FINAL(done)' }; });
const { spawn } = await import('node:child_process');
const t0 = performance.now();
await new Promise((r) => spawn('sh', ['-c', `cat /tmp/ctxexp/big.log | ${process.execPath} --no-node-snapshot --cpu-prof --cpu-prof-dir=/tmp/ctxexp/prof bin/rlm.js ask --base-url ${server.baseURL} -m root --sub-model sub --no-log q > /dev/null 2>&1`], { stdio: 'inherit' }).on('close', r));
console.log('first request', (first - t0).toFixed(0));
await server.close();
