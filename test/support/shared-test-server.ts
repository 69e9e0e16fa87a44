// One scripted server for all the tests of a file (await it at the top level): closed after them, and what one
// test sent and counted is cleared before the next, so each test reads only its own requests and stats.
import { afterAll, beforeEach } from 'vitest';
import { startTestServer, type TestServer } from './openai-test-server.ts';

/** Takes `startTestServer`'s arguments (a script, options). */
export async function startSharedTestServer(...args: Parameters<typeof startTestServer>): Promise<TestServer> {
  const server = await startTestServer(...args);
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.resetStats();
  });
  return server;
}
