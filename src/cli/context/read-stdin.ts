import { fstatSync, readFileSync } from 'node:fs';
import { formatBytes } from '../../ui/format.ts';
import { usageError } from '../exit-codes.ts';

/**
 * All of `stream` (stdin) as one buffer, held to `maxBytes` while it streams in: past the limit reading stops at
 * once and the stream is destroyed, so `rlm ask q < /dev/zero` ends with a usage error, not an out-of-memory crash.
 * When stdin is a regular file its size is checked before anything is read.
 */
export async function readStdin(stream: NodeJS.ReadableStream & { fd?: number }, maxBytes: number): Promise<Buffer> {
  const size = regularFileSize(stream.fd);
  if (size !== undefined) {
    if (size > maxBytes) throw overLimit(maxBytes, `is ${formatBytes(size)}`);
    // A file (`< file`): one read into one buffer of the right size, no chunks to join.
    const bytes = readFileSync(stream.fd!);
    if (bytes.length > maxBytes) throw overLimit(maxBytes, `is ${formatBytes(bytes.length)}`);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      throw overLimit(maxBytes, `passed ${formatBytes(maxBytes)} and reading stopped`);
    }
    chunks.push(bytes);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function regularFileSize(fd: number | undefined): number | undefined {
  if (fd === undefined) return undefined;
  try {
    const info = fstatSync(fd);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

const overLimit = (maxBytes: number, what: string) =>
  usageError(
    `--context -: stdin ${what}, over the ${formatBytes(maxBytes)} limit for the context (--max-context-bytes). Raise the limit or pass less.`,
  );
