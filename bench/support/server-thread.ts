import { Worker } from 'node:worker_threads';
import type { TestServerStats } from '../../src/scripted-server/index.ts';
import type { SCRIPTS } from './scripts.ts';

export interface ThreadServer {
  baseURL: string;
  stats(): Promise<TestServerStats>;
  close(): Promise<void>;
}

/** Starts a scripted server on its own thread and returns its address. */
export async function startServerThread(
  script: keyof typeof SCRIPTS,
  options: Record<string, number> = {},
): Promise<ThreadServer> {
  const worker = new Worker(new URL('./server-worker.ts', import.meta.url), { workerData: { script, options } });
  const next = <T>(key: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (key in message) {
          worker.off('message', onMessage);
          resolve(message[key] as T);
        }
      };
      worker.on('message', onMessage);
    });
  const baseURL = await next<string>('baseURL');
  return {
    baseURL,
    stats: () => {
      const reply = next<TestServerStats>('stats');
      worker.postMessage('stats');
      return reply;
    },
    close: async () => {
      const closed = next<boolean>('closed');
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
