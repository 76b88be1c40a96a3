/** Browser journey: ask, start a task, review with edits, live commit, upload a document, dashboard. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
  it('asks, reviews with edits, commits live, uploads and shows the dashboard', async () => {
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
    await oscar.goto(`${BASE}/dashboard`);
    expect(await oscar.locator('svg').count()).toBeGreaterThan(0);
    await shot(oscar, 'dashboard');

    // Phone width.
    await oscar.setViewportSize({ width: 390, height: 800 });
    await shot(oscar, 'dashboard-phone');
    await page.setViewportSize({ width: 390, height: 800 });
    await shot(page, 'task-phone');

    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await Promise.all([alice.close(), ritaCtx.close(), oscarCtx.close()]);
  });
});
