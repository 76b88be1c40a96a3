/** The KPI contract (one row) and its weekly values; committed tasks per week for KPIs the service can count itself. */
import { desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from './client';
import { kpiContract, kpiValues, tasks } from './schema';

export type KpiContractRow = typeof kpiContract.$inferSelect;
export type KpiValueRow = typeof kpiValues.$inferSelect;

const CONTRACT_ID = 'kpi';

export async function findKpiContract(db: Db): Promise<KpiContractRow | undefined> {
  return db.select().from(kpiContract).where(eq(kpiContract.id, CONTRACT_ID)).get();
}

export async function saveKpiContract(db: Db, contract: Omit<KpiContractRow, 'id' | 'updatedAt'>): Promise<KpiContractRow> {
  const row = { ...contract, id: CONTRACT_ID, updatedAt: new Date() };
  const { id: _id, ...set } = row;
  return db.insert(kpiContract).values(row).onConflictDoUpdate({ target: kpiContract.id, set }).returning().get();
}

export async function saveKpiValue(db: Db, value: Omit<KpiValueRow, 'recordedAt'>): Promise<KpiValueRow> {
  const row = { ...value, recordedAt: new Date() };
  return db.insert(kpiValues).values(row).onConflictDoUpdate({ target: kpiValues.week, set: { value: row.value, recordedBy: row.recordedBy, recordedAt: row.recordedAt } }).returning().get();
}

/** Entered weekly values from `fromWeek` on, oldest first. */
export async function kpiValuesSince(db: Db, fromWeek: string): Promise<KpiValueRow[]> {
  return (await db.select().from(kpiValues).where(gte(kpiValues.week, fromWeek)).orderBy(desc(kpiValues.week)).all()).reverse();
}

/** Tasks committed per week (keyed by the week's Monday, UTC) since a moment. */
export async function committedTasksPerWeek(db: Db, since: Date): Promise<Map<string, number>> {
  // SQLite: weekday 0 is Sunday; stepping back (weekday + 6) % 7 days lands on Monday.
  const day = sql`date(${tasks.updatedAt} / 1000, 'unixepoch')`;
  const rows = await db.all<{ week: string; n: number }>(sql`
    select date(${day}, '-' || ((cast(strftime('%w', ${day}) as integer) + 6) % 7) || ' days') as week, count(*) as n
    from ${tasks} where ${tasks.status} = 'committed' and ${tasks.updatedAt} >= ${since.getTime()} group by week`);
  return new Map(rows.map((r) => [r.week, Number(r.n)]));
}
