/** Queries behind the online evals: a day's logged answers (sampled), their latency and cost, and the daily aggregates. */
import { and, asc, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { answerLog, onlineEvalDaily, requestLog, traces } from './schema';

export type OnlineEvalDay = typeof onlineEvalDaily.$inferSelect;

/** D1 binds at most 100 parameters per statement. */
async function inBatches<T>(ids: readonly string[], run: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 90) out.push(...(await run(ids.slice(i, i + 90))));
  return out;
}

/** How many answers were served in [from, to), and a uniform sample of them (request ids are random). */
export async function sampleAnswers(db: Db, from: Date, to: Date, size: number) {
  const window = and(gte(answerLog.createdAt, from), lt(answerLog.createdAt, to));
  const total = (await db.select({ n: count() }).from(answerLog).where(window).get())?.n ?? 0;
  const sample = await db.select().from(answerLog).where(window).orderBy(asc(answerLog.id)).limit(size).all();
  return { total, sample };
}

export async function latenciesOf(db: Db, requestIds: readonly string[]): Promise<number[]> {
  const rows = await inBatches(requestIds, (b) => db.select({ latency: requestLog.latencyMs }).from(requestLog).where(inArray(requestLog.id, b)).all());
  return rows.map((r) => r.latency);
}

/** Model cost per request (requests without a model call, such as cache hits, cost 0). */
export async function costsOf(db: Db, requestIds: readonly string[]): Promise<number[]> {
  const rows = await inBatches(requestIds, (b) =>
    db
      .select({ id: traces.requestId, cost: sql<number>`coalesce(sum(${traces.costUsd}), 0)` })
      .from(traces)
      .where(inArray(traces.requestId, b))
      .groupBy(traces.requestId)
      .all(),
  );
  const byId = new Map(rows.map((r) => [r.id, Number(r.cost)]));
  return requestIds.map((id) => byId.get(id) ?? 0);
}

export async function upsertOnlineEvalDay(db: Db, row: OnlineEvalDay): Promise<void> {
  const { day, ...rest } = row;
  await db.insert(onlineEvalDaily).values(row).onConflictDoUpdate({ target: onlineEvalDaily.day, set: rest });
}

export async function onlineEvalDay(db: Db, day: string): Promise<OnlineEvalDay | undefined> {
  return db.select().from(onlineEvalDaily).where(eq(onlineEvalDaily.day, day)).get();
}

/** Days from `fromDay` (inclusive), oldest first. */
export async function onlineEvalDays(db: Db, fromDay: string): Promise<OnlineEvalDay[]> {
  return db.select().from(onlineEvalDaily).where(gte(onlineEvalDaily.day, fromDay)).orderBy(asc(onlineEvalDaily.day)).all();
}
