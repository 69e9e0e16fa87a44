import { Command } from 'commander';
import { VERSION } from './version.ts';

export function buildProgram(): Command {
  return new Command('rlm')
    .description('Recursive Language Models: answer questions about huge contexts by letting a model explore them from a sandboxed JavaScript REPL.')
    .version(VERSION, '-v, --version');
}
