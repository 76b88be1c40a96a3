/**
 * The business KPI contract: the operator records the one KPI the workflow answers to (name, unit, how it
 * is measured, pre-AI baseline, go-live and kill thresholds) and, for manual KPIs, its weekly values; the
 * dashboard reads the weekly values against the contract as go / extend / kill.
 */
import { z } from 'zod';
import { appendAudit } from '../db/audit';
import { committedTasksPerWeek, findKpiContract, kpiValuesSince, saveKpiContract, saveKpiValue, type KpiContractRow } from '../db/kpi';
import { ValidationError } from '../errors';
import { lastWeeks, readKpi, weekOf, type KpiReading } from '../ops/kpi-reading';
import type { UseCaseContext } from './context';
import { assertLevelAllows, requireCaller } from './rules';

export const kpiContractSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    unit: z.string().trim().min(1).max(40),
    measurement: z.enum(['manual', 'committed-tasks']),
    howMeasured: z.string().trim().min(1).max(1000),
    direction: z.enum(['higher-is-better', 'lower-is-better']),
    baseline: z.number().finite(),
    goLive: z.number().finite(),
    kill: z.number().finite(),
  })
  .refine((k) => (k.direction === 'higher-is-better' ? k.kill < k.goLive : k.kill > k.goLive), {
    path: ['kill'],
    message: 'the kill threshold must be worse than the go-live threshold',
  });
export type KpiContractInput = z.infer<typeof kpiContractSchema>;

export const kpiValueSchema = z.object({
  week: z.iso.date(),
  value: z.number().finite(),
});

export const KPI_WEEKS = 12;

export interface KpiView {
  contract: (KpiContractInput & { updatedBy: string; updatedAt: Date }) | null;
  weeks: { week: string; value: number | null }[];
  latest: { week: string; value: number } | null;
  reading: KpiReading;
}

function contractView(row: KpiContractRow): NonNullable<KpiView['contract']> {
  const { id: _id, ...contract } = row;
  return contract;
}

export async function kpi(ctx: UseCaseContext, now = new Date()): Promise<KpiView> {
  requireCaller(ctx, 'metrics:read');
  const { db } = ctx.services;
  const contract = await findKpiContract(db);
  const weeks = lastWeeks(now, KPI_WEEKS);
  let values: Map<string, number>;
  if (contract?.measurement === 'committed-tasks') {
    values = await committedTasksPerWeek(db, new Date(`${weeks[0]}T00:00:00Z`));
  } else {
    values = new Map((await kpiValuesSince(db, weeks[0]!)).map((v) => [v.week, v.value]));
  }
  const series = weeks.map((week) => ({ week, value: values.get(week) ?? (contract?.measurement === 'committed-tasks' ? 0 : null) }));
  // A week still under way is read only for counted KPIs; a manual value is entered once the week is over.
  const latest = [...series].reverse().find((w) => w.value !== null) ?? null;
  return {
    contract: contract ? contractView(contract) : null,
    weeks: series,
    latest: latest && latest.value !== null ? { week: latest.week, value: latest.value } : null,
    reading: contract ? readKpi(contract, latest?.value ?? null) : 'no-data',
  };
}

export async function setKpiContract(ctx: UseCaseContext, input: KpiContractInput) {
  const me = requireCaller(ctx, 'kpi:write');
  await assertLevelAllows(ctx, 'write');
  const row = await saveKpiContract(ctx.services.db, { ...input, updatedBy: me.id });
  await appendAudit(ctx.services.db, { actorId: me.id, event: 'kpi.contract.set', subjectType: 'system', subjectId: 'kpi', details: { ...input } });
  return row;
}

/** Records a week's value (keyed by its Monday); only manual KPIs take entered values. */
export async function recordKpiValue(ctx: UseCaseContext, input: z.infer<typeof kpiValueSchema>) {
  const me = requireCaller(ctx, 'kpi:write');
  await assertLevelAllows(ctx, 'write');
  const contract = await findKpiContract(ctx.services.db);
  if (!contract) throw new ValidationError('Record the KPI contract first.');
  if (contract.measurement !== 'manual') throw new ValidationError('This KPI is counted by the service (committed tasks); it takes no entered values.');
  const week = weekOf(new Date(`${input.week}T00:00:00Z`));
  return saveKpiValue(ctx.services.db, { week, value: input.value, recordedBy: me.id });
}
