// Loaded with `node --import`: appends the URL of every module the process loads to $RLM_TEST_MODULE_LOG, so a test
// can tell whether a run loaded something heavy (the tokenizer) that it should not need.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.RLM_TEST_MODULE_LOG;
if (log)
  registerHooks({
    load(url, context, nextLoad) {
      appendFileSync(log, `${url}\n`);
      return nextLoad(url, context);
    },
  });
