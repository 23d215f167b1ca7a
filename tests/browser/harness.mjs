// Tiny test harness for Peyvand's real-browser checks.
//
// - `check(name, fn)` registers a named check; `fn` gets a helper object
//   `{ browser, baseUrl, newPage, checkPage, assert, mailbox }` and fails by
//   throwing (`mailbox` is null unless SMTP_PORT is set).
// - `runChecks()` runs every registered check in order (one fresh browser
//   context per page), prints `ok - name` / `not ok - name: reason`, then
//   exactly one closing line `N passed, M failed`, and sets a non-zero exit
//   code when M > 0.
//
// Environment: BASE_URL (required, e.g. http://127.0.0.1:18080),
// CHROMIUM (default /usr/bin/chromium), CHECK_TIMEOUT_MS (default 60000),
// ONLY (optional substring: run only the checks whose name contains it),
// SMTP_PORT (optional: run the test mailbox, mailbox.mjs, on 127.0.0.1:SMTP_PORT
// for the checks that read email; SMTP_HOST to listen elsewhere).

import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startMailbox } from './mailbox.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** Folder that screenshots are written to (gitignored). */
export const SCREENSHOT_DIR = join(here, 'screenshots');

/** The axe-core rule tags every page must pass. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const checks = [];

/** Registers a named check. `fn(t)` must throw (or reject) to fail. */
export function check(name, fn) {
  checks.push({ name, fn });
}

/** Throws an Error with `message` unless `cond` is truthy. */
export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * Runs axe-core on the page (which must come from a context created with
 * `bypassCSP: true`, as `newPage` does: the site's CSP forbids injected
 * scripts) and returns the violations as `id (target)` strings.
 */
export async function axeViolations(page, tags = AXE_TAGS) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(
    (values) =>
      window.axe
        .run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
        .then((r) =>
          r.violations.map((v) => ({
            id: v.id,
            target: v.nodes.length ? JSON.stringify(v.nodes[0].target[0]) : '(none)',
            count: v.nodes.length,
          })),
        ),
    tags,
  );
  return violations.map((v) => `${v.id} (${v.target}${v.count > 1 ? ` +${v.count - 1} more` : ''})`);
}

/** Throws if axe-core finds any violation of `tags` on the page. */
export async function assertAxeClean(page, tags = AXE_TAGS) {
  const v = await axeViolations(page, tags);
  assert(v.length === 0, `axe: ${v.length} violation(s): ${v.join('; ')}`);
}

/** Saves a full-page screenshot as screenshots/<name>.png once web fonts are ready. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => true));
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Opens `url` (relative to BASE_URL) in `page` — or, with `via` instead of `url`,
 * runs `via()` (e.g. `() => page.click('button[type=submit]')`) and takes the
 * navigation it causes (after redirects) — and checks it:
 * - the main response has HTTP `status` (default 200);
 * - `<html lang dir>` equal `lang` / `dir` (when given);
 * - an `<h1>` exists (unless `h1: false`);
 * - no same-origin sub-resource (CSS, font, image…) failed to load;
 * - axe-core is clean for AXE_TAGS (unless `axe: false`);
 * - saves screenshots/<screenshot>.png when `screenshot` is given.
 * Returns the navigation response.
 */
export async function checkPage(
  page,
  { url, via, lang, dir, status = 200, h1 = true, axe = true, screenshot: shot } = {},
) {
  const baseUrl = page.__peyvandBaseUrl ?? process.env.BASE_URL;
  assert(Boolean(url) !== Boolean(via), 'checkPage: give either url or via');
  const target = new URL(url ?? '/', baseUrl);
  const origin = target.origin;
  const broken = [];
  const onResponse = (res) => {
    const u = new URL(res.url());
    if (u.origin !== origin || res.request().isNavigationRequest()) return;
    if (u.pathname === '/favicon.ico') return;
    if (res.status() >= 400) broken.push(`${u.pathname} -> ${res.status()}`);
  };
  const onFailed = (req) => {
    const u = new URL(req.url());
    if (u.origin !== origin || req.isNavigationRequest() || u.pathname === '/favicon.ico') return;
    // Cancelled by a navigation of the page (not a broken resource).
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    broken.push(`${u.pathname} -> ${req.failure()?.errorText ?? 'failed'}`);
  };
  page.on('response', onResponse);
  page.on('requestfailed', onFailed);
  let res;
  try {
    if (url) {
      res = await page.goto(target.href, { waitUntil: 'load' });
    } else {
      [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), via()]);
    }
    // web fonts are fetched when first used: wait for them before judging loads
    await page.evaluate(() => document.fonts.ready.then(() => true));
  } finally {
    page.off('response', onResponse);
    page.off('requestfailed', onFailed);
  }
  const what = url ? `GET ${url}` : `${res?.request().method() ?? 'navigation'} ${new URL(page.url()).pathname}`;
  assert(res, `${what}: no response`);

  // Collect every problem, so one run reports all of them at once.
  const problems = [];
  if (res.status() !== status) problems.push(`status ${res.status()}, expected ${status}`);
  const html = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    h1: document.querySelectorAll('h1').length,
  }));
  if (lang !== undefined && html.lang !== lang) problems.push(`<html lang="${html.lang}">, expected "${lang}"`);
  if (dir !== undefined && html.dir !== dir) problems.push(`<html dir="${html.dir}">, expected "${dir}"`);
  if (h1 && html.h1 === 0) problems.push('no <h1> on the page');
  if (broken.length) problems.push(`sub-resources failed: ${broken.join(', ')}`);
  if (shot) await screenshot(page, shot);
  if (axe) {
    const v = await axeViolations(page);
    if (v.length) problems.push(`axe: ${v.length} violation(s): ${v.join('; ')}`);
  }
  assert(problems.length === 0, `${what}: ${problems.join('; ')}`);
  return res;
}

let browser;
let baseUrl;
let mailbox = null;
const openContexts = new Set();

/**
 * A page in a fresh browser context. Defaults: bypassCSP (for axe injection),
 * a desktop viewport; pass e.g. `{ viewport: { width: 390, height: 844 } }`,
 * `{ bypassCSP: false }` or a `context` to reuse an existing one.
 */
export async function newPage({ context, ...options } = {}) {
  let ctx = context;
  if (!ctx) {
    ctx = await browser.newContext({
      baseURL: baseUrl,
      bypassCSP: true,
      viewport: { width: 1280, height: 800 },
      ...options,
    });
    openContexts.add(ctx);
  }
  const page = await ctx.newPage();
  page.__peyvandBaseUrl = baseUrl;
  return page;
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

function reason(err) {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].trim() || 'failed';
}

/** Runs all registered checks; resolves to the number of failures. */
export async function runChecks() {
  baseUrl = process.env.BASE_URL;
  if (!baseUrl) {
    console.error('BASE_URL is not set (e.g. BASE_URL=http://127.0.0.1:18080)');
    console.log(`0 passed, ${checks.length || 1} failed`);
    process.exitCode = 1;
    return checks.length || 1;
  }
  const timeoutMs = Number(process.env.CHECK_TIMEOUT_MS || 60000);
  const only = process.env.ONLY;
  const selected = only ? checks.filter((c) => c.name.includes(only)) : checks;

  let passed = 0;
  let failed = 0;
  if (process.env.SMTP_PORT) {
    try {
      mailbox = await startMailbox({
        port: Number(process.env.SMTP_PORT),
        host: process.env.SMTP_HOST || '127.0.0.1',
      });
    } catch (err) {
      console.log(`not ok - start the test SMTP server on port ${process.env.SMTP_PORT}: ${reason(err)}`);
      console.log(`0 passed, ${selected.length + 1} failed`);
      process.exitCode = 1;
      return selected.length + 1;
    }
  }
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (err) {
    console.log(`not ok - launch chromium: ${reason(err)}`);
    console.log(`0 passed, ${selected.length + 1} failed`);
    await mailbox?.close().catch(() => {});
    process.exitCode = 1;
    return selected.length + 1;
  }

  for (const { name, fn } of selected) {
    try {
      await withTimeout(
        Promise.resolve().then(() => fn({ browser, baseUrl, newPage, checkPage, assert, mailbox })),
        timeoutMs,
      );
      passed += 1;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed += 1;
      console.log(`not ok - ${name}: ${reason(err)}`);
      if (process.env.VERBOSE && err instanceof Error && err.stack) console.error(err.stack);
    } finally {
      for (const ctx of openContexts) await ctx.close().catch(() => {});
      openContexts.clear();
    }
  }
  await browser.close().catch(() => {});
  await mailbox?.close().catch(() => {});
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
  return failed;
}
