/**
 * Online evals on the cron: a sample of each day's live answers is scored with the checks that need no
 * reference (src/ops/online-scoring.ts) and stored as one aggregate per UTC day. Today is rescored on every
 * run; yesterday once more after it ended, so its row covers the whole day.
 */
import { chunksWithDocuments } from '../db/documents';
import type { Db } from '../db/client';
import { costsOf, latenciesOf, onlineEvalDay, sampleAnswers, upsertOnlineEvalDay, type OnlineEvalDay } from '../db/online-evals';
import { aggregate, isCitation, scoreAnswer, type ChunkRecord } from './online-scoring';

const DAY_MS = 86_400_000;

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function startOfDay(d: Date): Date {
  return new Date(`${utcDay(d)}T00:00:00.000Z`);
}

export async function scoreDay(db: Db, day: string, sampleSize: number, now = new Date()): Promise<OnlineEvalDay> {
  const from = new Date(`${day}T00:00:00.000Z`);
  const to = new Date(from.getTime() + DAY_MS);
  const { total, sample } = await sampleAnswers(db, from, to, sampleSize);
  const chunkIds = [...new Set(sample.flatMap((a) => a.citations.filter(isCitation).map((c) => c.chunkId)))];
  const chunks = new Map<string, ChunkRecord>();
  for (let i = 0; i < chunkIds.length; i += 90) {
    for (const r of await chunksWithDocuments(db, chunkIds.slice(i, i + 90))) {
      chunks.set(r.chunk.id, { documentId: r.chunk.documentId, text: r.chunk.text, start: r.chunk.start, end: r.chunk.end, ready: r.status === 'ready' });
    }
  }
  const ids = sample.map((a) => a.id);
  const [latencies, costs] = await Promise.all([latenciesOf(db, ids), costsOf(db, ids)]);
  const row: OnlineEvalDay = { day, answers: total, sampled: sample.length, ...aggregate(sample.map((a) => scoreAnswer(a, chunks)), latencies, costs), computedAt: now };
  await upsertOnlineEvalDay(db, row);
  return row;
}

/** Scores today so far and, until it has been scored after its end, yesterday. */
export async function runOnlineEvals(db: Db, sampleSize: number, now = new Date()): Promise<OnlineEvalDay[]> {
  const today = startOfDay(now);
  const yesterday = utcDay(new Date(today.getTime() - DAY_MS));
  const scored: OnlineEvalDay[] = [];
  const previous = await onlineEvalDay(db, yesterday);
  if (!previous || previous.computedAt < today) scored.push(await scoreDay(db, yesterday, sampleSize, now));
  scored.push(await scoreDay(db, utcDay(today), sampleSize, now));
  return scored;
}

export interface GroundednessCheck {
  day: string;
  claimSupport: number | null;
  lastWeek: number | null;
  drop: number | null;
  firing: boolean;
}

/** Today's claim support against the same weekday last week; fires when it fell by more than the margin. */
export async function groundednessDrop(db: Db, margin: number, now = new Date()): Promise<GroundednessCheck> {
  const day = utcDay(now);
  const [current, before] = await Promise.all([onlineEvalDay(db, day), onlineEvalDay(db, utcDay(new Date(startOfDay(now).getTime() - 7 * DAY_MS)))]);
  const claimSupport = current?.claimSupport ?? null;
  const lastWeek = before?.claimSupport ?? null;
  const drop = claimSupport !== null && lastWeek !== null ? Math.round((lastWeek - claimSupport) * 10_000) / 10_000 : null;
  return { day, claimSupport, lastWeek, drop, firing: drop !== null && drop > margin };
}
