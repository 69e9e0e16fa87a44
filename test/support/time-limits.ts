// Time limits of the test suite. They are safety nets that end a hung test, set far above the worst case seen with
// both cores of a 2-core machine busy with other work; they are never timing goals (those live in bench/).

/** Tests that spawn the real CLI, often several runs each: one CLI start costs a second of CPU on a loaded box. */
export const E2E_TEST_TIMEOUT_MS = 180_000;

/** In-process tests. Above the sandbox's 60 s wall limit that the memory-bomb tests run under. */
export const UNIT_TEST_TIMEOUT_MS = 120_000;

/** A spawned CLI that has not exited by then is killed, so the test fails with its output instead of a timeout. */
export const CLI_KILL_AFTER_MS = 150_000;

/** How long a test waits for a condition (a request arriving, a file appearing) before it gives up. */
export const WAIT_FOR_MS = 60_000;
