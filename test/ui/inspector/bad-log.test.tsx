import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLog } from '../../../src/engine/index.ts';
import { buildInspectorData } from '../../../src/ui/inspector/inspector-data.ts';
import { brokenDemoLog } from '../../support/bad-log.ts';
import { KEY, mount, tick } from './helpers.tsx';

afterEach(() => cleanup());

describe('the inspector on a log with wrong field types', () => {
  it('opens what is readable (before: React error #31, an object answer reached the screen)', async () => {
    const log = parseLog(brokenDemoLog().text);
    const app = mount(
      buildInspectorData({ file: 'broken.jsonl', header: log.header, events: log.events, partial: log.partial }),
    );
    await tick();
    const list = app.frame();
    expect(list).toMatch(/› turn 1/);
    expect(list).toMatch(/turn 4/);
    await app.press(KEY.enter);
    expect(app.frame().split('\n')[1]).toBe('r0 › turn 1');
  });
});
