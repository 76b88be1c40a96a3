/** Types for dev-server.mjs, so TypeScript scripts and tests share the one way to run a private dev server. */
import type { ChildProcess } from 'node:child_process';

export interface DevServer {
  pid: number | undefined;
  port: number;
  base: string;
  child: ChildProcess;
  exited: boolean;
  startMs: number;
  kill(signal: NodeJS.Signals): void;
}

export function freshStateDir(prefix: string): string;
export function pickPort(preferred: number): Promise<number>;
export function startDevServer(options: {
  port: number;
  persistTo: string;
  logFile: string;
  timeoutMs?: number;
  attempts?: number;
  wranglerArgs?: string[];
}): Promise<DevServer>;
export function stopDevServer(server: DevServer | undefined, graceMs?: number): Promise<void>;
export function numberFlag(name: string, fallback: number): number;
export function systemOfRecordIds(): Promise<{ orders: string[]; tickets: string[] }>;
