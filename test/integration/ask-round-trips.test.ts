/**
 * Round trips per ask: locally each D1 query costs workerd ~1.5–2 ms of CPU, so the count is the ask path's budget.
 * A counting wrapper around the D1 binding sees every statement and batch the request sends.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { createServices } from '../../src/services';
import { ingest } from './helpers';

interface Counter {
  d1: number;
  sent: string[];
}

function countingStatement(statement: D1PreparedStatement, counter: Counter, sql: string): D1PreparedStatement {
  return new Proxy(statement, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'bind') return (...args: unknown[]) => countingStatement(value.apply(target, args), counter, sql);
      if (prop === 'first' || prop === 'run' || prop === 'all' || prop === 'raw') {
        return (...args: unknown[]) => {
          counter.d1++;
          counter.sent.push(sql.slice(0, 60));
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
}

function countingD1<T extends object>(database: T, counter: Counter): T {
  return new Proxy(database, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'prepare') return (sql: string) => countingStatement(value.call(target, sql), counter, sql);
      if (prop === 'batch') {
        return (statements: unknown[]) => {
          counter.d1++;
          counter.sent.push(`batch of ${statements.length}`);
          return value.call(target, statements);
        };
      }
      if (prop === 'withSession') return (...args: unknown[]) => countingD1(value.apply(target, args), counter);
      return value.bind(target);
    },
  });
}

// One wrapped binding for the whole file, as a Worker's env is one object per isolate: what the isolate keeps
// per binding (the vector snapshot, the demo users already stored) survives from one request to the next.
const counter: Counter = { d1: 0, sent: [] };
const counted = { ...env, DB: countingD1(env.DB, counter) };

async function countedAsk(question: string): Promise<Counter> {
  counter.d1 = 0;
  counter.sent = [];
  const app = createApp({ services: (e, o) => createServices(e, o) });
  const res = await app.request(
    '/api/ask',
    { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer demo-alice', 'Cache-Control': 'no-cache' }, body: JSON.stringify({ question }) },
    counted,
  );
  expect(res.status).toBe(200);
  await res.json();
  return { ...counter };
}

describe('D1 round trips per ask', () => {
  beforeAll(async () => {
    await ingest('lakeside.md', '# Lakeside store\n\nThe Lakeside store closes at 5 pm on Sundays and at 8 pm on weekdays.\n');
  });

  it('should answer a question in at most 4 D1 round trips once the asker is known (the settings snapshot and the budget share one; the keyword search counts its terms in its own statement)', async () => {
    await countedAsk('When does the Lakeside store close on Sundays?');
    const steady = await countedAsk('When does the Lakeside store close on weekdays?');
    expect(steady.d1, steady.sent.join('\n')).toBeGreaterThan(0);
    expect(steady.d1, steady.sent.join('\n')).toBeLessThanOrEqual(4);
  });
});
