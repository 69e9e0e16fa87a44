import { Box, Text } from 'ink';
import type { TokenKind } from '../highlight.ts';
import { useTheme, type Theme } from '../theme.tsx';
import { markMatches, type Doc, type Role } from './document.ts';

/** Ink text props for a role of the theme. */
export function roleStyle(role: Role, theme: Theme): { color?: string; dimColor?: boolean; bold?: boolean } {
  if (role.startsWith('code-')) {
    const color = theme.code[role.slice(5) as TokenKind];
    return color ? { color } : {};
  }
  switch (role) {
    case 'heading':
      return { bold: true, dimColor: theme.dim };
    case 'accent':
      return theme.accent ? { color: theme.accent, bold: true } : { bold: true };
    case 'dim':
      return { dimColor: theme.dim };
    case 'ok':
    case 'fail':
    case 'warn':
    case 'label':
    case 'subcall': {
      const color = theme[role];
      return color ? { color } : {};
    }
    default:
      return {};
  }
}

/** A window of `height` rows of an already wrapped document, from line `scroll`; search hits shown inverse. */
export function DocView({ doc, scroll, height, query }: { doc: Doc; scroll: number; height: number; query: string }) {
  const theme = useTheme();
  const lines = doc.lines.slice(scroll, scroll + height);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.map((line, index) => (
        <Text key={scroll + index} wrap="truncate-end">
          {line.length === 0
            ? ' '
            : markMatches(line, query).map((piece, pieceIndex) => (
                <Text key={pieceIndex} {...roleStyle(piece.role, theme)} inverse={piece.hit}>
                  {piece.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
