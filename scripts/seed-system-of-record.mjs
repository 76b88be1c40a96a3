// Writes the demo system of record (golden/system-of-record.json) into local D1 as idempotent SQL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

export function systemOfRecordSql() {
  const data = JSON.parse(readFileSync(new URL('../golden/system-of-record.json', import.meta.url), 'utf8'));
  const orders = data.orders.map(
    (o) =>
      `INSERT OR IGNORE INTO sor_orders (id, customer_name, customer_email, total_usd, status, placed_at, items) VALUES (${[o.id, o.customerName, o.customerEmail, o.totalUsd, o.status, o.placedAt, JSON.stringify(o.items)].map(q).join(', ')});`,
  );
  const tickets = data.tickets.map(
    (t) =>
      `INSERT OR IGNORE INTO sor_tickets (id, order_id, subject, status, priority, customer_email) VALUES (${[t.id, t.orderId, t.subject, t.status, t.priority, t.customerEmail].map(q).join(', ')});`,
  );
  return [...orders, ...tickets].join('\n');
}

export function seedSystemOfRecord(wrangler, env, persist = []) {
  const file = join(mkdtempSync(join(tmpdir(), 'sor-')), 'seed.sql');
  writeFileSync(file, systemOfRecordSql());
  const res = spawnSync(process.execPath, [wrangler, 'd1', 'execute', 'DB', '--local', '--file', file, ...persist], { stdio: 'pipe', env });
  if (res.status !== 0) throw new Error(`seeding the system of record failed: ${res.stderr}`);
}
