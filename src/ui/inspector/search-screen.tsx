import { Box, Text } from 'ink';
import { useTheme } from '../theme.tsx';
import { windowStart, type SearchScreen } from './nav-state.ts';
import { MAX_RESULTS } from './search.ts';

/** `/`: the query being typed, then the matches across the whole tree (where, which field, a snippet). */
export function SearchScreenView({ screen, height }: { screen: SearchScreen; height: number }) {
  const theme = useTheme();
  const start = windowStart(screen.cursor, screen.results.length, height);
  const count = screen.results.length;
  const status = screen.editing
    ? count > 0
      ? `${count} matches for the last search · enter searches again`
      : 'enter searches prompts, code, outputs and responses of the whole tree'
    : count === 0
      ? `no matches for “${screen.query}”`
      : `${count >= MAX_RESULTS ? `first ${MAX_RESULTS}` : count} match${count === 1 ? '' : 'es'} · enter jumps there`;
  return (
    <Box flexDirection="column" height={height + 2} overflow="hidden">
      <Text wrap="truncate-end">
        <Text color={theme.accent} bold>
          /{' '}
        </Text>
        {screen.query}
        {screen.editing ? <Text inverse> </Text> : ''}
      </Text>
      <Text dimColor={theme.dim} wrap="truncate-end">
        {status}
      </Text>
      {screen.results.slice(start, start + height).map((match, index) => {
        const selected = !screen.editing && start + index === screen.cursor;
        return (
          <Text key={start + index} wrap="truncate-end">
            <Text color={selected ? theme.accent : undefined} bold={selected}>
              {selected ? '› ' : '  '}
              {match.where}
            </Text>
            <Text color={theme.label}>{`  ${match.field}: `}</Text>
            <Text dimColor={theme.dim}>{match.before}</Text>
            <Text inverse>{match.match}</Text>
            <Text dimColor={theme.dim}>{match.after}</Text>
            {match.count > 1 && <Text color={theme.warn}>{` (${match.count}×)`}</Text>}
          </Text>
        );
      })}
    </Box>
  );
}
