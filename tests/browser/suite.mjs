// Peyvand's real-browser checks. Run through `bash tests/browser/run.sh`
// (which seeds and starts a server and sets BASE_URL), or by hand:
//   BASE_URL=http://127.0.0.1:8000 node tests/browser/suite.mjs
//
// To add a check: `check('name', async ({ newPage, checkPage }) => { ... })`;
// throw (or use `assert`) to fail. See harness.mjs for the helpers.

import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as OTPAuth from 'otpauth';
import { check, checkPage, assert, assertAxeClean, screenshot, runChecks } from './harness.mjs';

export { check, checkPage, assert } from './harness.mjs';
export { newPage, axeViolations, assertAxeClean, screenshot } from './harness.mjs';

// --- home page in each locale: lang/dir, <h1>, axe clean, screenshot ---------

for (const [lang, dir] of [
  ['en', 'ltr'],
  ['fa', 'rtl'],
  ['fr', 'ltr'],
]) {
  check(`home page /?lang=${lang} is lang="${lang}" dir="${dir}", has <h1>, axe clean`, async ({ newPage }) => {
    const page = await newPage();
    await checkPage(page, { url: `/?lang=${lang}`, lang, dir, screenshot: `home-${lang}` });
  });
}

// --- 404 page ------------------------------------------------------------------

check('404 page /no-such-page?lang=fa answers 404, dir="rtl", axe clean', async ({ newPage }) => {
  const page = await newPage();
  await checkPage(page, {
    url: '/no-such-page?lang=fa',
    status: 404,
    lang: 'fa',
    dir: 'rtl',
    h1: false,
    screenshot: '404-fa',
  });
});

// --- phone layout --------------------------------------------------------------

check('home page in Persian on a 390x844 phone has no horizontal scrollbar', async ({ newPage }) => {
  const page = await newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await checkPage(page, { url: '/?lang=fa', lang: 'fa', dir: 'rtl', axe: false, screenshot: 'home-fa-phone' });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert(scrollWidth <= clientWidth, `scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
});

// --- locale cookie -------------------------------------------------------------

check('the chosen locale sticks: /?lang=fa then / gives lang="fa"', async ({ newPage }) => {
  const page = await newPage();
  await checkPage(page, { url: '/?lang=fa', lang: 'fa', dir: 'rtl', axe: false });
  await checkPage(page, { url: '/', lang: 'fa', dir: 'rtl', axe: false });
});

// --- CSP enforced: the page itself needs no inline script/style ------------------

check('home page with CSP enforced logs no console error (CSP, JS, failed loads)', async ({ newPage }) => {
  const page = await newPage({ bypassCSP: false });
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await checkPage(page, { url: '/?lang=fa', lang: 'fa', dir: 'rtl', axe: false });
  await page.evaluate(() => document.fonts.ready.then(() => true));
  const short = [...new Set(errors.map((e) => (e.length > 140 ? `${e.slice(0, 140)}…` : e)))];
  assert(errors.length === 0, `${errors.length} console error(s): ${short.join(' | ')}`);
});

// --- petition page and the language form ------------------------------------------

for (const [lang, dir] of [
  ['en', 'ltr'],
  ['fa', 'rtl'],
]) {
  check(`petition page in ${lang} is axe clean`, async ({ newPage }) => {
    const page = await newPage();
    await checkPage(page, { url: `/petitions/let-families-visit?lang=${lang}`, lang, dir, screenshot: `petition-${lang}` });
  });
}

check('language form: axe clean, a valid choice is remembered, a bad one is refused with 422', async ({ newPage }) => {
  const page = await newPage();
  await checkPage(page, { url: '/language?lang=en', lang: 'en', dir: 'ltr', screenshot: 'language-en' });
  await page.check('#lang-fa');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await checkPage(page, { url: '/', lang: 'fa', dir: 'rtl', axe: false });
  // Tamper with the choice in the page: the server refuses it with a translated 422 page.
  await page.goto(`${process.env.BASE_URL}/language`);
  await page.evaluate(() => { document.querySelector('#lang-fr').value = 'xx'; });
  await page.check('#lang-fr');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert(response.status() === 422, `status ${response.status()}`);
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  assert(html.includes('dir="rtl"'), 'error page stays in Persian');
  assert(html.includes('error-summary'), 'error summary shown');
  await assertAxeClean(page);
  await screenshot(page, 'language-fa-422');
});

// --- staff: enrolment, second factor, admin pages (English and Persian) ----------------

for (const [lang, dir, linkVar] of [
  ['en', 'ltr', 'STAFF_LINK_EN'],
  ['fa', 'rtl', 'STAFF_LINK_FA'],
]) {
  check(`staff (${lang}): enrol with password and authenticator, then every admin page is axe clean`, async ({ newPage }) => {
    const link = process.env[linkVar];
    assert(link, `${linkVar} is not set (run through run.sh)`);
    const enrolPath = new URL(link).pathname;
    const page = await newPage();
    await checkPage(page, { url: `${enrolPath}?lang=${lang}`, lang, dir, screenshot: `staff-enrol-${lang}` });
    await page.fill('#password', 'a long and quiet river of words');
    await page.fill('#password_confirm', 'a long and quiet river of words');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert(page.url().endsWith('/staff/enrol/second-factor'), `after password: ${page.url()}`);
    await assertAxeClean(page);
    await screenshot(page, `staff-totp-${lang}`);
    const key = (await page.textContent('#totp-secret')).replace(/\s+/g, '');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.fill('#code', totp.generate());
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const codes = await page.$$eval('.recovery-codes code', (els) => els.map((e) => e.textContent));
    assert(codes.length === 10, `${codes.length} recovery codes`);
    await assertAxeClean(page);
    await screenshot(page, `staff-recovery-${lang}`);
    for (const [path, name] of [
      ['/staff', 'home'],
      ['/staff/admin/staff', 'admin-list'],
      ['/staff/admin/staff/new', 'admin-invite'],
      ['/staff/approvals', 'approvals'],
      ['/staff/admin/audit', 'audit'],
      ['/staff/petitions', 'petitions'],
    ]) {
      await checkPage(page, { url: path, lang, dir, screenshot: `staff-${name}-${lang}` });
    }
    // An invitation with a bad address is refused with a 422 that is still accessible.
    await page.goto(`${process.env.BASE_URL}/staff/admin/staff/new`);
    await page.fill('#email', 'not an address');
    await page.fill('#display_name', 'X');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
    assert(res.status() === 422, `invite with a bad address: ${res.status()}`);
    await assertAxeClean(page);
    await screenshot(page, `staff-invite-422-${lang}`);
    // Log out: back to the login page, which is axe clean too.
    await Promise.all([page.waitForNavigation(), page.click('.staff-nav button[type=submit]')]);
    assert(page.url().endsWith('/staff/login'), `after logout: ${page.url()}`);
    await checkPage(page, { url: '/staff/login', lang, dir, screenshot: `staff-login-${lang}` });
  });
}

const isMain = Boolean(process.argv[1]) && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) await runChecks();
