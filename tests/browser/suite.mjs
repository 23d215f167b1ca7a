// Peyvand's real-browser checks. Run through `bash tests/browser/run.sh`
// (which seeds and starts a server and sets BASE_URL), or by hand:
//   BASE_URL=http://127.0.0.1:8000 node tests/browser/suite.mjs
//
// To add a check: `check('name', async ({ newPage, checkPage, mailbox }) => { ... })`;
// throw (or use `assert`) to fail. See harness.mjs for the helpers, mailbox.mjs for the
// SMTP server that receives Peyvand's mail (SMTP_PORT, set by run.sh) and messages.mjs
// for the site's own translated texts.

import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as OTPAuth from 'otpauth';
import { check, checkPage, assert, assertAxeClean, screenshot, runChecks } from './harness.mjs';
import { message, messageStart, asciiDigits } from './messages.mjs';

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

/** The open petition that `peyvand demo seed` creates (DEMO_SLUG in src/services/demo.rs). */
const DEMO_SLUG = 'let-families-visit';

// --- petition page and the language form ------------------------------------------

for (const [lang, dir] of [
  ['en', 'ltr'],
  ['fa', 'rtl'],
]) {
  check(`petition page in ${lang} is axe clean`, async ({ newPage }) => {
    const page = await newPage();
    await checkPage(page, { url: `/petitions/${DEMO_SLUG}?lang=${lang}`, lang, dir, screenshot: `petition-${lang}` });
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

// --- signing a petition end to end, confirmed through the email ----------------------
//
// Run through run.sh, Peyvand sends its mail by SMTP to the suite's own SMTP server
// (mailbox.mjs). Fields, buttons and choices are found by their visible, translated
// labels (locales/<lang>/*.ftl), as a person finds them.
//
// The demo server takes at most `sign_burst` (5) signatures an hour from one network
// before it silently stops counting them: these checks sign four times.

/** Who signs in each language, and what they choose. */
const SIGNERS = {
  en: {
    dir: 'ltr',
    browserLocale: 'en-GB',
    name: 'Ruth Okafor-Hale',
    country: 'Germany',
    city: 'Berlin',
    relationship: 'relationship-sibling',
    letter: 'Please let me see my brother. We have not spoken for six years.',
    public: 'public-initials',
    book: 'book-initials',
  },
  fa: {
    dir: 'rtl',
    browserLocale: 'fa-IR',
    name: 'زهرا صادق‌زاده',
    country: 'سوئد',
    city: 'استکهلم',
    relationship: 'relationship-child',
    letter: 'لطفاً اجازه دهید پسرم را ببینم. شش سال است صدایش را نشنیده‌ام.',
    public: 'public-hidden',
    book: 'book-family',
  },
};

/** A fresh address for each run, so signing never meets an earlier signature. */
function uniqueAddress(tag) {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return `signer.${tag}.${stamp}@example.org`;
}

/** The number of verified, counted signatures, from /petitions/<slug>/count.json. */
async function verifiedCount(page) {
  const res = await page.request.get(new URL(`/petitions/${DEMO_SLUG}/count.json`, process.env.BASE_URL).href);
  assert(res.ok(), `count.json answered ${res.status()}`);
  const body = await res.json();
  assert(Number.isInteger(body.total), `count.json: no total in ${JSON.stringify(body)}`);
  return body.total;
}

/** The signing form's parts, by their translated labels. */
function signingForm(page, lang) {
  const t = (key) => message(lang, key);
  const form = page.locator('#sign form');
  return {
    t,
    name: form.getByLabel(t('sign-name'), { exact: true }),
    email: form.getByLabel(t('sign-email'), { exact: true }),
    country: form.getByLabel(t('sign-country'), { exact: true }),
    city: form.getByLabel(t('sign-city'), { exact: true }),
    relationship: form.getByLabel(t('sign-relationship'), { exact: true }),
    letter: form.getByLabel(t('sign-letter'), { exact: true }),
    publicChoice: (key) =>
      form.getByRole('group', { name: t('sign-public-legend') }).getByRole('radio', { name: t(key), exact: true }),
    bookChoice: (key) =>
      form.getByRole('group', { name: t('sign-book-legend') }).getByRole('radio', { name: t(key), exact: true }),
    consent: form.getByRole('checkbox', { name: t('sign-consent'), exact: true }),
    submit: form.getByRole('button', { name: t('sign-submit'), exact: true }),
  };
}

/** Fills the signing form as a person would (`name` may be left empty on purpose). */
async function fillSigningForm(page, lang, signer, address, { name = signer.name } = {}) {
  const f = signingForm(page, lang);
  await f.name.fill(name);
  await f.email.fill(address);
  await f.country.selectOption({ label: signer.country });
  await f.city.fill(signer.city);
  await f.relationship.selectOption({ label: f.t(signer.relationship) });
  await f.letter.fill(signer.letter);
  await f.publicChoice(signer.public).check();
  await f.bookChoice(signer.book).check();
  await f.consent.check();
  return f;
}

/** The text of the page's only <h1>. */
async function h1Text(page) {
  return (await page.locator('h1').first().textContent()).trim();
}

/** The text of an HTML attribute value: character references decoded. */
function decodeEntities(value) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z]+));/gi, (whole, hex, dec, name) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return named[name.toLowerCase()] ?? whole;
  });
}

/**
 * Checks a confirmation email for `address` in `lang` and returns its links and receipt
 * code. It must be in the signer's language only, carry the petition's title in that
 * language, one confirmation and one withdrawal link (the same in the text and the HTML
 * part), and nothing the signer typed: not their name, city or letter, nor their address
 * anywhere but the envelope and To:.
 */
function checkConfirmationEmail(mail, { lang, dir, title, signer, address }) {
  const t = (key) => message(lang, key);
  const problems = [];
  const bodies = `${mail.subject}\n${mail.text}\n${mail.html}`;
  if (mail.subject !== t('email-confirm-subject')) {
    problems.push(`subject "${mail.subject}", expected "${t('email-confirm-subject')}"`);
  }
  if (!mail.to.toLowerCase().includes(address)) problems.push(`To: is "${mail.to}"`);
  if (!mail.text) problems.push('no text/plain part');
  if (!mail.html) problems.push('no text/html part');
  const htmlTag = /<html\b[^>]*>/i.exec(mail.html)?.[0] ?? '';
  if (!htmlTag.includes(`lang="${lang}"`) || !htmlTag.includes(`dir="${dir}"`)) {
    problems.push(`HTML part opens with ${htmlTag || 'no <html>'}, expected lang="${lang}" dir="${dir}"`);
  }
  for (const [what, text] of [
    ['the opening line', messageStart(lang, 'email-confirm-intro')],
    ['the petition title', title],
    ['the receipt line', messageStart(lang, 'email-receipt')],
    ['the withdrawal line', t('email-withdraw-info')],
    ['the footer', t('email-footer')],
  ]) {
    if (!mail.text.includes(text)) problems.push(`text part lacks ${what} "${text}"`);
  }
  if (!mail.html.includes(t('email-confirm-button'))) problems.push('HTML part lacks the confirm button text');
  // Nothing the signer typed, and no template left unrendered.
  for (const [what, value] of [
    ['name', signer.name],
    ['city', signer.city],
    ['letter', signer.letter],
    ['letter (start)', signer.letter.slice(0, 20)],
  ]) {
    if (bodies.includes(value)) problems.push(`the email repeats the signer's ${what}`);
  }
  if (`${mail.text}\n${mail.html}`.toLowerCase().includes(address)) problems.push("the body repeats the signer's address");
  if (/\{\{|\}\}|\{ ?\$/.test(bodies)) problems.push('an unrendered template or message placeable');
  for (const key of ['email-confirm-intro', 'email-receipt', 'email-withdraw-info', 'email-footer']) {
    if (bodies.includes(key)) problems.push(`the untranslated message id ${key}`);
  }
  // Each link carries the signer's language (?lang=…), so it opens in that language
  // whatever the browser prefers.
  const linkRe = (kind) => new RegExp(`https?://\\S+?/signatures/${kind}/[A-Za-z0-9_-]+\\?lang=${lang}(?![\\w&])`, 'g');
  const confirm = [...mail.text.matchAll(linkRe('confirm'))].map((m) => m[0]);
  const withdraw = [...mail.text.matchAll(linkRe('withdraw'))].map((m) => m[0]);
  if (confirm.length !== 1) problems.push(`${confirm.length} confirmation links in the text part`);
  if (withdraw.length !== 1) problems.push(`${withdraw.length} withdrawal links in the text part`);
  // The HTML part's links, as a mail app reads them (handlebars writes `=` as `&#x3D;`).
  const hrefs = [...mail.html.matchAll(/\bhref="([^"]*)"/g)].map((m) => decodeEntities(m[1]));
  if (confirm[0] && !hrefs.includes(confirm[0])) problems.push('the HTML part links elsewhere to confirm');
  if (withdraw[0] && !hrefs.includes(withdraw[0])) problems.push('the HTML part links elsewhere to withdraw');
  const receipt = /\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(mail.text)?.[0];
  if (!receipt) problems.push('no receipt code in the text part');
  // In the signer's language only: strip links and the receipt code, then look for
  // words in the other script.
  const prose = mail.text.replace(/https?:\/\/\S+/g, ' ').replace(receipt ?? '\0', ' ');
  const foreign = dir === 'rtl' ? /[A-Za-z]{2,}/.exec(prose) : /[\u0600-\u06FF]+/.exec(prose);
  if (foreign) problems.push(`text part has "${foreign[0]}", not ${lang}`);
  assert(problems.length === 0, `confirmation email (${lang}): ${problems.join('; ')}`);
  return { confirmUrl: new URL(confirm[0]), receipt };
}

for (const lang of ['en', 'fa']) {
  const signer = SIGNERS[lang];
  const { dir } = signer;
  check(`signing (${lang}): sign, confirm through the emailed link, the count goes up by one; axe clean throughout`, async ({ newPage, mailbox }) => {
    assert(mailbox, 'SMTP_PORT is not set: the signing checks read mail from the suite\'s SMTP server (run through run.sh)');
    const t = (key) => message(lang, key);
    const address = uniqueAddress(lang);
    const page = await newPage({ locale: signer.browserLocale });
    const before = await verifiedCount(page);

    // The petition page, then the form filled in and sent.
    await checkPage(page, { url: `/petitions/${DEMO_SLUG}?lang=${lang}`, lang, dir, screenshot: `sign-${lang}-1-petition` });
    const title = await h1Text(page);
    const form = await fillSigningForm(page, lang, signer, address);
    await checkPage(page, { via: () => form.submit.click(), lang, dir, screenshot: `sign-${lang}-2-check-inbox` });
    assert(new URL(page.url()).pathname === `/petitions/${DEMO_SLUG}/thanks`, `after signing: ${page.url()}`);
    assert((await h1Text(page)) === t('petition-thanks-title'), `thanks page <h1>: "${await h1Text(page)}"`);

    // The email, as the SMTP server received it.
    const mail = await mailbox.waitForMailTo(address, { timeoutMs: 20000 });
    const { confirmUrl, receipt } = checkConfirmationEmail(mail, { lang, dir, title, signer, address });

    // The link opens in the person's browser (a fresh one, as from a mail app): a page
    // with a button. Opening it changes nothing, so a mail scanner cannot confirm.
    const linkPage = await newPage({ locale: signer.browserLocale });
    await checkPage(linkPage, { url: `${confirmUrl.pathname}${confirmUrl.search}`, lang, dir, screenshot: `sign-${lang}-3-confirm` });
    assert((await h1Text(linkPage)) === t('petition-confirm-ready-title'), `confirm page <h1>: "${await h1Text(linkPage)}"`);
    assert((await verifiedCount(linkPage)) === before, 'opening the confirmation link (GET) already counted the signature');
    const button = linkPage.getByRole('button', { name: t('petition-confirm-submit'), exact: true });
    await checkPage(linkPage, { via: () => button.click(), lang, dir, screenshot: `sign-${lang}-4-confirmed` });
    assert((await h1Text(linkPage)) === t('petition-confirm-done-title'), `confirmed page <h1>: "${await h1Text(linkPage)}"`);
    const shown = (await linkPage.locator('main code').first().textContent())?.trim();
    assert(shown === receipt, `confirmed page shows receipt "${shown}", the email "${receipt}"`);

    // Counted once, on the JSON endpoint and on the petition page (digits in the page's
    // language); the full name is not on the public page (the signer chose otherwise).
    const after = await verifiedCount(linkPage);
    assert(after === before + 1, `verified count ${before} -> ${after}, expected ${before + 1}`);
    await checkPage(linkPage, { url: `/petitions/${DEMO_SLUG}`, lang, dir, screenshot: `sign-${lang}-5-counted` });
    const total = asciiDigits((await linkPage.locator('.count strong').textContent()).trim());
    assert(total === String(before + 1), `petition page shows ${total} signatures, expected ${before + 1}`);
    const pageText = await linkPage.locator('body').innerText();
    assert(!pageText.includes(signer.name), 'the petition page shows the full name of a signer who chose not to be named');
    assert(mailbox.messagesTo(address).length === 1, `${mailbox.messagesTo(address).length} emails to the signer, expected 1`);
  });
}

for (const lang of ['en', 'fa']) {
  const signer = SIGNERS[lang];
  const { dir } = signer;
  check(`signing (${lang}) without a name: 422, the form comes back filled in with a translated error, axe clean; corrected, it is taken`, async ({ newPage, mailbox }) => {
    assert(mailbox, 'SMTP_PORT is not set: the signing checks read mail from the suite\'s SMTP server (run through run.sh)');
    const t = (key) => message(lang, key);
    const address = uniqueAddress(`${lang}-422`);
    const page = await newPage({ locale: signer.browserLocale });
    await checkPage(page, { url: `/petitions/${DEMO_SLUG}?lang=${lang}`, lang, dir, axe: false });
    let f = await fillSigningForm(page, lang, signer, address, { name: '' });
    await checkPage(page, { via: () => f.submit.click(), status: 422, lang, dir, screenshot: `sign-${lang}-422` });

    f = signingForm(page, lang);
    const problems = [];
    const expectEq = (what, got, want) => {
      if (got !== want) problems.push(`${what} is "${got}", expected "${want}"`);
    };
    // The error: on the field, tied to it, and in the summary at the top of the form.
    expectEq('name aria-invalid', await f.name.getAttribute('aria-invalid'), 'true');
    const describedBy = (await f.name.getAttribute('aria-describedby')) ?? '';
    const nameError = describedBy ? (await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent())?.trim() : '';
    expectEq('the name field\'s error', nameError, t('form-error-required'));
    expectEq('error summary title', (await page.locator('.error-summary h2').textContent())?.trim(), t('form-error-summary-title'));
    const summaryLinks = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
    // The summary names the field before the error ("Your name: This field is required.").
    expectEq('error summary', JSON.stringify(summaryLinks), JSON.stringify([['#name', `${t('sign-name')}: ${t('form-error-required')}`]]));
    expectEq('number of field errors', String(await page.locator('.field-error').count()), '1');
    // Everything else the person typed or chose is still there.
    expectEq('email', await f.email.inputValue(), address);
    expectEq('country', await f.country.evaluate((s) => s.selectedOptions[0]?.textContent), signer.country);
    expectEq('city', await f.city.inputValue(), signer.city);
    expectEq('relationship', await f.relationship.evaluate((s) => s.selectedOptions[0]?.textContent), t(signer.relationship));
    expectEq('letter', await f.letter.inputValue(), signer.letter);
    expectEq(`"${t(signer.public)}" chosen`, String(await f.publicChoice(signer.public).isChecked()), 'true');
    expectEq(`"${t(signer.book)}" chosen`, String(await f.bookChoice(signer.book).isChecked()), 'true');
    assert(problems.length === 0, `after a submission without a name: ${problems.join('; ')}`);

    // The person adds the name (and ticks the privacy box again if it was cleared): taken.
    await f.name.fill(signer.name);
    await f.consent.check();
    await checkPage(page, { via: () => f.submit.click(), lang, dir, axe: false });
    assert(new URL(page.url()).pathname === `/petitions/${DEMO_SLUG}/thanks`, `after correcting: ${page.url()}`);
    // One email: the refused submission sent none.
    const mail = await mailbox.waitForMailTo(address, { timeoutMs: 20000 });
    assert(mail.subject === t('email-confirm-subject'), `email subject "${mail.subject}"`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert(mailbox.messagesTo(address).length === 1, `${mailbox.messagesTo(address).length} emails to the signer, expected 1`);
  });
}

const isMain = Boolean(process.argv[1]) && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) await runChecks();
