/**
 * Browser journey: ask and down-vote the answer, start a task, review it with the order's evidence and an
 * edit, live commit, upload a document, the failure inbox (promote, edit, accept, then `npm run golden:pull`
 * writes the case), and the dashboard's KPI and trend charts with data.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStateDir, startDevServer, stopDevServer, type DevServer } from '../../scripts/lib/dev-server.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8833);
const BASE = `http://127.0.0.1:${PORT}`;
const SHOTS = join(import.meta.dirname, 'screenshots');

let server: DevServer | undefined;
let browser: Browser | undefined;
let persist = '';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, user: string) {
  await page.goto(`${BASE}/sign-in`);
  await page.check(`input[name=user][value=${user}]`);
  await Promise.all([page.waitForURL(`${BASE}/`), page.click('button[type=submit]:has-text("Sign in")')]);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  persist = freshStateDir('e2e-state-');
  server = await startDevServer({ port: PORT, persistTo: persist, logFile: join(tmpdir(), 'e2e-dev-server.log'), timeoutMs: 200_000 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await stopDevServer(server);
  if (persist) rmSync(persist, { recursive: true, force: true });
});

describe('browser journey', () => {
  it('asks and down-votes, reviews with evidence and edits, commits live, uploads, promotes the failure to the golden set and shows the trends', async () => {
    const consoleErrors: string[] = [];
    const alice = await browser!.newContext();
    const page = await alice.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await page.goto(`${BASE}/sign-in`);
    await shot(page, 'sign-in');
    await signIn(page, 'alice');

    // Ask, streamed, with citation cards.
    await page.fill('#question', 'How long do customers have to request a refund?');
    await page.click('#ask-submit');
    await page.waitForSelector('#citations li.citation', { timeout: 60_000 });
    await expect.poll(() => page.textContent('#ask-status')).toBe('Done.');
    expect((await page.textContent('#answer'))!.length).toBeGreaterThan(10);
    await page.click('#citations li.citation details summary');
    await shot(page, 'ask');

    // Thumbs down with a reason and a comment; the answer's trace ties it to the request.
    await page.waitForSelector('#feedback:not([hidden])');
    await page.click('#thumb-down');
    await page.selectOption('#feedback-reason', 'incomplete');
    await page.fill('#feedback-comment', 'It does not say from which date the 30 days count.');
    await page.click('#feedback-send');
    await expect.poll(() => page.textContent('#feedback-status')).toMatch(/not useful/);
    await shot(page, 'ask-feedback');
    const docPage = await alice.newPage();
    await docPage.goto(BASE + (await page.getAttribute('#citations li.citation a', 'href'))!);
    expect((await docPage.textContent('mark#span'))!.length).toBeGreaterThan(10);
    await shot(docPage, 'document-span');
    await docPage.close();

    // A task from the tasks page.
    await page.goto(`${BASE}/tasks`);
    await page.fill('#task-input', 'Issue a refund of $89.90 on ORD-1004, the rack did not fit.');
    await Promise.all([page.waitForURL(/\/tasks\/[^/]+$/), page.click('#task-form button[type=submit]')]);
    const taskUrl = page.url();
    const taskId = taskUrl.split('/').pop()!;
    await page.waitForFunction(() => document.getElementById('task-status')?.textContent === 'awaiting_review', undefined, { timeout: 60_000 });
    await shot(page, 'task-awaiting');

    // Alice is not a reviewer.
    const other = await alice.newPage();
    const res = await other.goto(`${BASE}/reviews`);
    expect(res?.status()).toBe(403);
    expect(await other.textContent('h1')).toContain('403');
    await shot(other, 'reviews-403');
    await other.close();

    // Rita reviews with an edit.
    const ritaCtx = await browser!.newContext();
    const rita = await ritaCtx.newPage();
    await signIn(rita, 'rita');
    await rita.goto(`${BASE}/reviews`);
    await shot(rita, 'review-queue');
    await rita.click(`a[href="/reviews/${taskId}"]`);
    await rita.waitForSelector('#f-amountUsd');
    expect(await rita.inputValue('#f-amountUsd')).toBe('89.9');
    // The evidence: the order from the system of record and the refund policy within rita's groups.
    expect(await rita.textContent('#order-total')).toBe('$89.90');
    expect(await rita.textContent('#order-remaining')).toBe('$89.90');
    expect(await rita.textContent('#order-evidence')).toContain('No earlier refunds');
    expect(await rita.locator('#policy-passages li').count()).toBeGreaterThan(0);
    await shot(rita, 'review-evidence');
    await rita.fill('#f-amountUsd', '80');
    await rita.click('#approve-edits');
    await rita.waitForSelector('#diff-panel:not([hidden])');
    expect(await rita.textContent('#diff-list')).toContain('amountUsd');
    await shot(rita, 'review-diff');
    await rita.click('#confirm-edits');
    await rita.waitForSelector('#review-result:not([hidden])');
    expect(await rita.textContent('#review-result')).toContain('approved');
    await shot(rita, 'review-approved');

    // Alice's page (left open) turns committed without a reload.
    await page.waitForFunction(() => document.getElementById('task-status')?.textContent === 'committed', undefined, { timeout: 90_000 });
    expect(page.url()).toBe(taskUrl);
    await page.waitForSelector('text=review.approved');
    await shot(page, 'task-committed');

    // Oscar uploads a document and opens the dashboard.
    const oscarCtx = await browser!.newContext();
    const oscar = await oscarCtx.newPage();
    oscar.on('dialog', (d) => d.accept());
    await signIn(oscar, 'oscar');
    await oscar.goto(`${BASE}/documents`);
    const file = join(persist, 'e2e-warranty.md');
    writeFileSync(file, '# Bike rack warranty\n\nBike racks carry a two year warranty against manufacturing defects. Claims need the order number and a photo of the defect.\n');
    await oscar.setInputFiles('#file', file);
    await oscar.fill('#title', 'E2E bike rack warranty');
    // Without groups the server refuses the upload and the form says why.
    await oscar.click('#upload-form button[type=submit]');
    await oscar.waitForSelector('#upload-error:not([hidden])');
    expect(await oscar.textContent('#upload-error')).toMatch(/groups/);
    await oscar.fill('#groups', 'support');
    await oscar.click('#upload-form button[type=submit]');
    await oscar.waitForFunction(() => /ready/.test(document.getElementById('progress-label')?.textContent ?? ''), undefined, { timeout: 90_000 });
    await shot(oscar, 'documents-upload');
    await oscar.waitForSelector('td a:has-text("E2E bike rack warranty")', { timeout: 20_000 });
    await shot(oscar, 'documents');
    // The failure inbox: the down-voted answer becomes a golden case.
    await oscar.goto(`${BASE}/inbox`);
    const item = oscar.locator('li.inbox-item', { hasText: 'How long do customers have to request a refund?' });
    expect(await item.locator('.badge').textContent()).toBe('down-voted');
    expect(await item.textContent()).toContain('incomplete · It does not say from which date the 30 days count.');
    await shot(oscar, 'inbox');
    await Promise.all([oscar.waitForURL(/\/inbox\/candidates\/[^/]+$/), item.locator('button.promote').click()]);
    expect(await oscar.inputValue('#c-input')).toBe('How long do customers have to request a refund?');
    expect(await oscar.inputValue('#c-documents')).toContain('01-refund-policy');
    await oscar.fill('#c-facts', '30 calendar days of the delivery date');
    await oscar.click('#accept');
    await oscar.waitForSelector('#candidate-result:not([hidden])');
    expect(await oscar.textContent('#candidate-status')).toBe('accepted');
    expect(await oscar.isHidden('#incomplete')).toBe(true);
    await shot(oscar, 'candidate-accepted');
    const goldenDir = mkdtempSync(join(tmpdir(), 'e2e-golden-'));
    for (const f of ['cases.jsonl', 'CHANGELOG.md']) copyFileSync(join('golden', f), join(goldenDir, f));
    const pull = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/golden-pull.ts', '--target', BASE, '--dir', goldenDir], { encoding: 'utf8' });
    expect(pull.status, pull.stderr).toBe(0);
    const pulled = JSON.parse(readFileSync(join(goldenDir, 'cases.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(pulled).toMatchObject({ user: 'alice', kind: 'ask', input: 'How long do customers have to request a refund?', expect: { route: 'answered', facts: ['30 calendar days of the delivery date'] } });
    expect(readFileSync(join(goldenDir, 'CHANGELOG.md'), 'utf8')).toContain(`\`${pulled.id}\` (ask`);
    rmSync(goldenDir, { recursive: true, force: true });

    // The dashboard: the cron scores today's answers; the KPI contract and a week's value give a reading.
    expect((await fetch(`${BASE}/cdn-cgi/local/scheduled`)).ok).toBe(true);
    await oscar.goto(`${BASE}/dashboard`);
    await oscar.fill('#kpi-name', 'Refund requests resolved per agent-hour');
    await oscar.fill('#kpi-unit', 'requests');
    await oscar.fill('#kpi-howMeasured', 'helpdesk export, every Monday');
    await oscar.fill('#kpi-baseline', '4');
    await oscar.fill('#kpi-goLive', '6');
    await oscar.fill('#kpi-kill', '3');
    await Promise.all([oscar.waitForEvent('load'), oscar.click('#kpi-contract-form button[type=submit]')]);
    await oscar.fill('#kpi-value', '5.2');
    await Promise.all([oscar.waitForEvent('load'), oscar.click('#kpi-value-form button[type=submit]')]);
    expect(await oscar.textContent('#kpi-reading')).toBe('extend');
    expect(Number(await oscar.getAttribute('#chart-requests', 'data-points'))).toBeGreaterThan(0);
    expect(Number(await oscar.getAttribute('#chart-latency-p95', 'data-points'))).toBeGreaterThan(0);
    expect(Number(await oscar.getAttribute('#chart-claim-support', 'data-points'))).toBeGreaterThan(0);
    expect(await oscar.locator('#trend-charts polyline.chart-line').count()).toBeGreaterThan(0);
    await shot(oscar, 'dashboard');
    await oscar.goto(`${BASE}/dashboard?range=month`);
    expect(Number(await oscar.getAttribute('#chart-requests', 'data-points'))).toBeGreaterThan(0);
    await shot(oscar, 'dashboard-month');

    // Phone width.
    await oscar.setViewportSize({ width: 390, height: 800 });
    await oscar.goto(`${BASE}/dashboard`);
    await shot(oscar, 'dashboard-phone');
    await oscar.goto(`${BASE}/inbox`);
    await shot(oscar, 'inbox-phone');
    await page.setViewportSize({ width: 390, height: 800 });
    await shot(page, 'task-phone');

    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await Promise.all([alice.close(), ritaCtx.close(), oscarCtx.close()]);
  });
});
