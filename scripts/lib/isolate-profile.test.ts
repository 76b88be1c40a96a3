import { describe, expect, it } from 'vitest';
import { summariseProfile, type CpuProfile } from './isolate-profile';

const frame = (id: number, functionName: string, url = '', lineNumber = -1) => ({ id, callFrame: { functionName, url, lineNumber } });

describe('summariseProfile', () => {
  const profile: CpuProfile = {
    nodes: [frame(1, '(root)'), frame(2, '(idle)'), frame(3, 'search', 'file:///x/index.js', 9), frame(4, '(garbage collector)'), frame(5, '(program)')],
    // a busy run at a 300 µs tick, a 20 ms gap (the isolate not entered), then idle and native work
    samples: [3, 3, 3, 4, 3, 2, 5, 5],
    timeDeltas: [300, 300, 300, 300, 20_000, 300, 300, 310],
  };

  it('should count each non-idle sample as one tick, not the gap before it', () => {
    const s = summariseProfile(profile, 250);
    expect(s.tickUs).toBe(300);
    expect(s.busyMs).toBeCloseTo((7 * 300) / 1000, 6);
    expect(s.gcMs).toBeCloseTo(0.3, 6);
    expect(s.programMs).toBeCloseTo(0.6, 6);
  });

  it('should rank functions by self time with their script and line', () => {
    const s = summariseProfile(profile, 250, 2);
    expect(s.top).toEqual([
      { name: 'search', where: 'index.js:10', ms: 1.2 },
      { name: '(program)', where: '', ms: 0.6 },
    ]);
  });

  it('should fall back to the requested interval when no delta is near it', () => {
    expect(summariseProfile({ ...profile, timeDeltas: profile.timeDeltas.map(() => 5_000) }, 250).tickUs).toBe(250);
  });
});
