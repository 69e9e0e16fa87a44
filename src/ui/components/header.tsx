import { Box, Text } from 'ink';
import { formatBytes, formatTokens } from '../format.ts';
import type { RunView } from '../state/run-state.ts';
import { useTheme } from '../theme.tsx';
import { formatCount } from '../../engine/internal-light.ts';

export interface ContextInfo {
  files: number;
  bytes: number;
  tokens: number | null;
}

export function Header({ view, context }: { view: RunView; context: ContextInfo | undefined }) {
  const theme = useTheme();
  const summary = view.context;
  const shape =
    summary?.type === 'documents'
      ? `${formatCount(summary.documents)} documents`
      : summary?.type === 'string'
        ? 'one string'
        : 'no context';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold wrap="truncate-end">
        {view.question}
      </Text>
      <Text dimColor={theme.dim} wrap="truncate-end">
        {`root ${view.model} · sub ${view.subModel} · ${shape}`}
        {context
          ? ` · ${formatCount(context.files)} file${context.files === 1 ? '' : 's'} · ${formatBytes(context.bytes)}${context.tokens === null ? '' : ` · ${formatTokens(context.tokens)} tokens`}`
          : ` · ${formatCount(summary?.chars ?? 0)} chars`}
      </Text>
    </Box>
  );
}
