import type { LogHeader, RlmEvent } from '../../engine/index.ts';

export interface InspectorOptions {
  file: string;
  header: LogHeader | null;
  events: RlmEvent[];
  partial: boolean;
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  color: boolean;
}

/** Mounts the interactive log inspector and resolves when the user quits. */
export async function renderInspector(_options: InspectorOptions): Promise<void> {
  throw new Error('the inspector is not built yet');
}
