// The staff workspace's pages (issue #15 items 5–8) in a real browser, in English and in
// Persian, on a 1280-pixel desktop and a 390-pixel phone: case notes and the contact log
// (a huge note refused with a 422, a note with a follow-up saved, the follow-up on the
// staff home page), the audit log in words (an inverted date range refused with a 422),
// the statistics pages with their SVG charts. Every state axe clean; no horizontal
// scrollbar on the phone. Registered by suite.mjs with the sessions it keeps.

import { check, checkPage, assert } from './harness.mjs';
import { message } from './messages.mjs';

const DIRS = { en: 'ltr', fa: 'rtl' };
const SIZES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
];

/** Fails when the page is wider than its window (a horizontal scrollbar). */
async function noSideScroll(page, what) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(scroll <= client, `${what}: ${scroll} px wide in a ${client} px window`);
}

/** On a staff page: the main column uses the desktop's width. */
async function wide(page, what) {
  const width = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().width);
  assert(width > 1000, `${what}: <main> is ${Math.round(width)} px wide on a 1280 px screen`);
}

/**
 * Registers the checks. `caseworkerPage(newPage, lang)` and `adminPage(newPage, lang)` give
 * pages signed in as a caseworker and as an administrator who is also an organiser.
 */
export function registerWorkspaceChecks({ caseworkerPage, adminPage }) {
  for (const lang of ['en', 'fa']) {
    const dir = DIRS[lang];
    const t = (key) => message(lang, key);

    check(`workspace (${lang}): case notes — a huge note refused with a 422, a note with a follow-up saved and shown on the staff home page; desktop and phone, axe clean`, async ({ newPage }) => {
      const page = await caseworkerPage(newPage, lang);
      await checkPage(page, { url: `/staff/contact?lang=${lang}`, lang, dir, axe: false });
      const href = await page.locator('main a[href^="/staff/contact/requests/"]').first().getAttribute('href');
      assert(href, 'the queue links to a request');
      const notes = `${href}/notes`;
      for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        await checkPage(page, { url: `${notes}?lang=${lang}`, lang, dir, screenshot: `workspace-notes-${lang}-${size}` });
        if (size === 'phone') await noSideScroll(page, 'the notes page on a phone');
        else await wide(page, 'the notes page');
      }
      await page.setViewportSize(SIZES[0][1]);
      const text = page.getByLabel(t('notes-field-text'), { exact: true });
      await text.fill('x'.repeat(6000));
      await checkPage(page, { via: () => page.getByRole('button', { name: t('notes-submit'), exact: true }).click(), status: 422, lang, dir, screenshot: `workspace-notes-422-${lang}` });
      const summary = await page.locator('#error-summary').innerText();
      assert(summary.includes(t('form-error-note-too-long').slice(0, 12)), `the error summary says: ${summary}`);
      const today = new Date().toISOString().slice(0, 10);
      await page.getByLabel(t('notes-field-text'), { exact: true }).fill(lang === 'fa' ? 'با برادرش تلفنی صحبت شد.' : 'Spoke with the brother by phone.');
      await page.locator('#follow_up_on').fill(today);
      await checkPage(page, { via: () => page.getByRole('button', { name: t('notes-submit'), exact: true }).click(), lang, dir });
      assert((await page.locator('.notice').innerText()).includes(t('notes-notice-added')), 'the note was saved');
      for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        await checkPage(page, { url: `/staff?lang=${lang}`, lang, dir, screenshot: `workspace-home-${lang}-${size}` });
        assert(await page.getByRole('heading', { name: t('follow-ups-title'), exact: true }).isVisible(), 'the follow-up is on the home page');
        if (size === 'phone') await noSideScroll(page, 'the staff home page on a phone');
      }
      await page.setViewportSize(SIZES[0][1]);
    });

    check(`workspace (${lang}): the audit log in words, an inverted date range refused with a 422, the CSV link; statistics with SVG charts; desktop and phone, axe clean`, async ({ newPage }) => {
      const page = await adminPage(newPage, lang);
      for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        await checkPage(page, { url: `/staff/admin/audit?lang=${lang}`, lang, dir, screenshot: `workspace-audit-${lang}-${size}` });
        if (size === 'phone') await noSideScroll(page, 'the audit log on a phone');
        else await wide(page, 'the audit log');
        const raw = await page.locator('main tbody').innerText();
        assert(!raw.includes('{"'), 'the audit log shows no raw JSON');
        for (const url of ['/staff/stats', '/staff/stats/petitions']) {
          await checkPage(page, { url: `${url}?lang=${lang}`, lang, dir, screenshot: `workspace-${url.split('/').pop()}-${lang}-${size}` });
          const charts = await page.locator('main svg[role="img"]').count();
          const empty = await page.getByText(t('stats-none'), { exact: true }).count();
          assert(charts >= 2 || empty === 1, `${url}: ${charts} charts`);
          if (size === 'phone') await noSideScroll(page, `${url} on a phone`);
        }
      }
      await page.setViewportSize(SIZES[0][1]);
      await checkPage(page, { url: `/staff/admin/audit?lang=${lang}`, lang, dir, axe: false });
      await page.locator('#from').fill('2026-12-10');
      await page.locator('#to').fill('2026-12-01');
      await checkPage(page, { via: () => page.getByRole('button', { name: t('audit-filter-submit'), exact: true }).click(), status: 422, lang, dir, screenshot: `workspace-audit-422-${lang}` });
      const summary = await page.locator('#error-summary').innerText();
      assert(summary.includes(t('form-error-date-range-inverted').slice(0, 10)), `the error summary says: ${summary}`);
      await checkPage(page, { url: `/staff/admin/audit?lang=${lang}`, lang, dir, axe: false });
      const csv = await page.getByRole('link', { name: t('audit-export-csv'), exact: true }).getAttribute('href');
      const res = await page.request.get(csv);
      assert(res.status() === 200 && res.headers()['content-type'].startsWith('text/csv'), `the CSV answers ${res.status()}`);
    });
  }
}
