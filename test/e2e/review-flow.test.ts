/// <reference lib="dom" />
// The analyst's review flow in a real browser against a store filled by scanning the sample pairs:
// sign in, open the top alert, see both chips, dismiss it with a reason from the keyboard, and
// find the dismissal on the page, in the audit log on disk, and gone from the open queue.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStore } from '../../src/io/store/alert-store.js';
import { createApiServer } from '../../src/http/server.js';
import { sampleStore, type SampleStore } from '../integration/http/sample-store.js';
import { haveChromium, launchBrowser } from './browser.js';

const ARTIFACTS = join(import.meta.dirname, 'artifacts');

let dir: string;
let fixture: SampleStore;
let server: Server;
let origin: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(origin);
  await page.fill('input[name=token]', token);
  await page.press('input[name=token]', 'Enter');
  await page.waitForSelector('table.queue tbody tr');
}

/** RGBA pixels of an <img> as the browser decoded it (drawn on a canvas). */
async function decodedPixels(page: Page, selector: string): Promise<{ width: number; height: number; data: number[] }> {
  return page.$eval(selector, (el) => {
    const img = el as HTMLImageElement;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    return { width: canvas.width, height: canvas.height, data: Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data) };
  });
}

describe.skipIf(!haveChromium)('dashboard review flow (chromium)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    fixture = await sampleStore(join(dir, 'store.db'));
    server = createApiServer({ store: fixture.store });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    fixture?.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dismisses the most severe alert with a reason from the keyboard, and the dismissal persists', async () => {
    const page = await browser.context.newPage();
    await signIn(page, fixture.tokens.analyst);
    const top = fixture.store.listAlerts({ states: ['new', 'acknowledged'], order: 'severity', limit: 1 }).items[0]!;
    expect(await page.getAttribute('table.queue tbody tr:first-child', 'data-fp')).toBe(top.fingerprint);
    await page.screenshot({ path: join(ARTIFACTS, 'queue.png'), fullPage: true });

    await page.keyboard.press('Enter');
    await page.waitForSelector('figure.chip img[alt^="Before"][data-loaded]');
    await page.waitForSelector('figure.chip img[alt^="After"][data-loaded]');
    await page.waitForSelector('figure.chip img[alt="Segment map"][data-loaded]');
    const sizes = await page.$$eval('figure.chip img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(sizes.every((w) => w > 0)).toBe(true);
    const before = await decodedPixels(page, 'img[alt^="Before"]');
    const after = await decodedPixels(page, 'img[alt^="After"]');
    expect(before.width).toBeGreaterThanOrEqual(96);
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    let diff = 0;
    for (let i = 0; i < before.data.length; i++) diff += Math.abs(before.data[i]! - after.data[i]!);
    // The two dates differ on average by more than a few grey levels: they are not the same picture.
    expect(diff / before.data.length).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS, 'alert.png'), fullPage: true });

    await page.keyboard.press('d');
    await page.waitForSelector('dialog.dismiss[open]');
    await page.keyboard.press('1');
    await page.keyboard.type('thin cloud over the road');
    await page.screenshot({ path: join(ARTIFACTS, 'dismiss-dialog.png') });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'dismissed');
    expect(await page.textContent('ol.history li:first-child')).toContain('dismissed');
    expect(await page.textContent('ol.history li:first-child')).toContain('thin cloud over the road');

    // On disk, through a second connection: the state and the audit event, with who and why.
    const reader = AlertStore.open(join(dir, 'store.db'));
    const stored = reader.getAlert(top.fingerprint)!;
    reader.close();
    expect(stored.alert.state).toBe('dismissed');
    expect(stored.events.at(-1)).toMatchObject({ type: 'dismissed', actor: 'ana', reason: 'cloud_shadow', note: 'thin cloud over the road', fromState: 'new' });

    await page.reload();
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'dismissed');

    await page.keyboard.press('Escape');
    await page.waitForSelector('table.queue tbody tr');
    const open = await page.$$eval('table.queue tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.fp));
    expect(open).not.toContain(top.fingerprint);
    await page.close();
  }, 60_000);

  it('shows an operator the evidence but no review actions', async () => {
    const page = await browser.context.newPage();
    await page.goto(origin);
    await page.evaluate(() => localStorage.clear());
    await signIn(page, fixture.tokens.operator);
    await page.click('table.queue tbody tr:first-child td:nth-child(5)');
    await page.waitForSelector('dl.facts');
    expect(await page.$('[role=toolbar] button')).toBeNull();
    expect(await page.textContent('aside')).toContain('not review them');
    await page.close();
  }, 30_000);
});
