// Runs the scripted server in a worker thread, as a real provider would run elsewhere: its CPU time then does not
// count against the engine being measured. The script is chosen by name from bench/support/scripts.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { startTestServer } from '../../src/scripted-server/index.ts';
import { SCRIPTS } from './scripts.ts';

const { script, options } = workerData as { script: keyof typeof SCRIPTS; options: Record<string, number> };
const server = await startTestServer(SCRIPTS[script](options));
parentPort?.postMessage({ baseURL: server.baseURL });
parentPort?.on('message', async (message: string) => {
  if (message === 'stats') parentPort?.postMessage({ stats: server.stats });
  if (message === 'close') {
    await server.close();
    parentPort?.postMessage({ closed: true });
  }
});
