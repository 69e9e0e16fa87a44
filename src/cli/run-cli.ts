import { buildProgram } from './program.ts';

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  await program.parseAsync(argv);
  return 0;
}
