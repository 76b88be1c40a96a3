/**
 * CPU time a local dev server's workerd processes have used so far (Linux /proc): user + system time of every
 * workerd process below the server's root process, so a bench can divide the CPU of a load level by its requests.
 * workerd runs the Worker and, locally, D1, R2 and the rate limiters too, so this is the whole local stack's CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';

// Linux reports utime/stime in clock ticks of 1/100 s (CLK_TCK) on every platform this bench runs on.
const MS_PER_TICK = 10;

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = raw.lastIndexOf(')');
    const comm = raw.slice(raw.indexOf('(') + 1, close);
    const f = raw.slice(close + 2).split(' ');
    return { pid, comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined; // gone between listing and reading
  }
}

/** Milliseconds of CPU used by the workerd processes under `rootPid`, or undefined where /proc is not available. */
export function workerdCpuMs(rootPid: number | undefined): number | undefined {
  if (rootPid === undefined) return undefined;
  let stats: Stat[];
  try {
    stats = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => readStat(Number(n)) ?? []);
  } catch {
    return undefined;
  }
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length) {
    for (const child of children.get(stack.pop()!) ?? []) {
      if (child.comm === 'workerd') ticks += child.ticks;
      stack.push(child.pid);
    }
  }
  return ticks * MS_PER_TICK;
}
