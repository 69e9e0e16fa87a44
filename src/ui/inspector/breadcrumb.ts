import type { InspectorData } from './inspector-data.ts';
import type { Screen } from './nav-state.ts';

/** `r0 › turn 3 › r0.1 › turn 1`: one crumb per screen on the stack. */
export function breadcrumb(data: InspectorData, stack: Screen[]): string[] {
  return stack.map((screen) => {
    switch (screen.kind) {
      case 'rlm':
        return screen.rlmId;
      case 'iteration':
        return `turn ${screen.iteration}`;
      case 'subcall': {
        const subcall = data.view.subcalls[screen.subcallId];
        return subcall ? `${subcall.kind} ${subcall.id}` : screen.subcallId;
      }
      case 'search':
        return 'search';
      case 'cost':
        return 'cost';
    }
  });
}
