/**
 * Entry of the sandbox process (started by SandboxProcess with Node's permission model). It is a process's main
 * module, so it is the one engine file that talks to `process`: the IPC channel and its own memory figure.
 */
/* oxlint-disable no-restricted-globals -- this file IS the sandbox process; everything else stays injected */
import { serveSandboxes } from './child-host.ts';
import type { FromChild, ToChild } from './protocol.ts';

// The host is gone (it exited or crashed): nothing here may outlive it, and an isolate thread stuck in a native
// loop would keep a normal exit waiting forever.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));

serveSandboxes(
  {
    send: (message: FromChild) => {
      process.send?.(message);
    },
    onMessage: (handler) => process.on('message', (message) => handler(message as ToChild)),
  },
  () => process.memoryUsage.rss(),
);
