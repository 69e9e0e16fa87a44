import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { RlmEvent } from '../../../src/engine/index.ts';
import { recordDepth2Log } from './depth-2-log.ts';
import { DEMO, KEY, dataOf, loadLog, mount, tick } from './helpers.tsx';

let deepEvents: RlmEvent[];
beforeAll(async () => {
  deepEvents = await recordDepth2Log();
});
afterEach(() => cleanup());

/** The second line of a frame: the breadcrumb. */
const crumbs = (frame: string) => frame.split('\n')[1] ?? '';

describe('inspector app', () => {
  it('lists the iterations, opens one in full and scrolls it', async () => {
    const app = mount(loadLog(DEMO));
    await tick();
    const list = app.frame();
    expect(list).toContain('✓ final · 4 turns · 9 sub-calls');
    expect(list).toMatch(/› turn 1\s+\[peek\]/);
    expect(list).toMatch(/turn 3\s+\[grep\] \[map\]\s+8/);
    expect(list).toContain('↑↓ jk move · enter open');

    await app.press(KEY.down, 'j', KEY.enter);
    const opened = app.frame();
    expect(crumbs(opened)).toBe('r0 › turn 3');
    expect(opened).toContain('── system ──');
    expect(opened).toMatch(/lines 1–\d+ of \d+/);
    expect(opened).toContain('8 sub-calls · tab to select');

    await app.press('j', 'j');
    expect(app.frame()).toMatch(/lines 3–/);
    await app.press('G');
    const end = app.frame();
    const total = /of (\d+)/.exec(end)?.[1];
    expect(end).toMatch(new RegExp(`lines \\d+–${total} of ${total}`));
    expect(end).toContain('chunk 8:');
    await app.press('g', ' ');
    expect(app.frame()).not.toMatch(/lines 1–/);
  });

  it('opens a sub-call from the list and goes back with esc', async () => {
    const app = mount(loadLog(DEMO));
    await app.press('j', 'j', KEY.enter, KEY.tab, 'j', KEY.enter);
    const detail = app.frame();
    expect(crumbs(detail)).toBe('r0 › turn 3 › llm_query s5');
    expect(detail).toContain('made in   r0 › turn 3 › cell 1 › batch b4 item 1/8');
    expect(detail).toContain('latency   961 ms · retries 0 · cached no');
    expect(detail).toContain('── prompt ──');
    await app.press(KEY.esc);
    expect(crumbs(app.frame())).toBe('r0 › turn 3');
    expect(app.frame()).toContain('enter opens · tab back to the text');
    await app.press(KEY.esc);
    expect(crumbs(app.frame())).toBe('r0');
  });

  it('opens a child RLM as its own trajectory with a breadcrumb, and backspace walks back', async () => {
    const app = mount(dataOf(deepEvents));
    await app.press(KEY.enter, KEY.tab, KEY.enter);
    const child = app.frame();
    expect(crumbs(child)).toBe('r0 › turn 1 › r0.1');
    expect(child).toContain('rlm_query s2 from r0 › turn 1');
    expect(child).toContain('prompt: Find the needle in part A');
    expect(child).toContain('answer: child says grand a striped zebra');
    await app.press(KEY.enter);
    expect(crumbs(app.frame())).toBe('r0 › turn 1 › r0.1 › turn 1');
    await app.press(KEY.tab, KEY.enter, KEY.enter);
    expect(crumbs(app.frame())).toBe('r0 › turn 1 › r0.1 › turn 1 › r0.1.1 › turn 1');
    await app.press(KEY.backspace, KEY.backspace);
    expect(crumbs(app.frame())).toBe('r0 › turn 1 › r0.1 › turn 1');
  });

  it('searches the tree with / and jumps to a match', async () => {
    const app = mount(dataOf(deepEvents));
    await app.press('/', 'l', 'e', 'a', 'f', ' ', 'q');
    expect(app.frame()).toContain('/ leaf q');
    await app.press(KEY.enter);
    const results = app.frame();
    expect(results).toContain('3 matches · enter jumps there');
    expect(results).toMatch(/› r0\.1\.1 › turn 1 {2}reply: .*leaf q/);
    expect(results).toMatch(/ {2}r0\.1\.1 › turn 1 › cell 1 {2}code: .*leaf q/);
    await app.press('j', 'j', KEY.enter);
    const jumped = app.frame();
    expect(crumbs(jumped)).toBe('r0 › turn 1 › r0.1 › turn 1 › r0.1.1 › turn 1 › llm_query s6');
    expect(jumped).toContain('leaf question about zebras');
    await app.press(KEY.esc);
    expect(crumbs(app.frame())).toBe('r0 › turn 1 › r0.1 › turn 1 › r0.1.1 › turn 1');
  });

  it('shows the cost breakdown by depth and by model, unknown where a price is missing', async () => {
    const app = mount(dataOf(deepEvents));
    await app.press('c');
    const cost = app.frame();
    expect(crumbs(cost)).toBe('r0 › cost');
    expect(cost).toMatch(/depth 0\s+2\s/);
    expect(cost).toMatch(/depth 2\s+\d+.*unknown/);
    expect(cost).toMatch(/root-model\s+2\s+[\d,]+\s+0\s+[\d,]+\s+\$0\.\d+/);
    expect(cost).toMatch(/sub-model\s+\d+.*unknown/);
    await app.press(KEY.esc);
    expect(crumbs(app.frame())).toBe('r0');
  });

  it('says when the log is partial and still opens what is there', async () => {
    const app = mount(loadLog(DEMO, true));
    await tick();
    expect(app.frame()).toContain('partial: the run did not finish');
    const cut = deepEvents.findIndex((event) => event.type === 'subcall_end' && event.rlmId === 'r0.1.1');
    const deep = mount(dataOf(deepEvents.slice(0, cut)));
    await deep.press(KEY.enter, KEY.tab, KEY.enter, KEY.enter, KEY.tab, KEY.enter);
    const grandchild = deep.frame();
    expect(grandchild).toContain('partial: the run did not finish');
    expect(grandchild).toMatch(/turn 1 .*unfinished/);
    await deep.press(KEY.enter, 'G');
    expect(deep.frame()).toContain('no output: the log stops here');
  });

  it('quits on q and leaves the last frame in the output', async () => {
    const app = mount(loadLog(DEMO));
    await app.press('j', 'q');
    expect(app.quits()).toBe(1);
    expect(app.frames.join('\n')).toContain('turn 2');
  });
});
