import { Box, Text } from 'ink';
import { useTheme } from '../theme.tsx';
import { DocView } from './doc-view.tsx';
import type { InspectorData } from './inspector-data.ts';
import { docOf, iterationPanes, rowsOf, type IterationScreen, type NavState } from './nav-state.ts';
import { SubcallList } from './subcall-list.tsx';

/** An opened iteration: the scrollable full text above, its sub-call list below. */
export function IterationScreenView({
  data,
  state,
  screen,
}: {
  data: InspectorData;
  state: NavState;
  screen: IterationScreen;
}) {
  const theme = useTheme();
  const rows = rowsOf(data, screen);
  const panes = iterationPanes(state.size, rows.length);
  const doc = docOf(data, screen, state.size.columns);
  if (doc.lines.length === 0)
    return <Text color={theme.warn}>{`turn ${screen.iteration} of ${screen.rlmId} is not in this log`}</Text>;
  return (
    <Box flexDirection="column">
      <DocView doc={doc} scroll={screen.scroll} height={panes.text} query={state.query} />
      {panes.list > 0 && (
        <SubcallList
          data={data}
          rows={rows}
          cursor={screen.cursor}
          focused={screen.focus === 'subcalls'}
          height={panes.list}
        />
      )}
    </Box>
  );
}
