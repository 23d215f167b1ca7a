// After the hand-over (issue #17) in a real browser: an organiser records a hand-over of the
// demo petition's edition (how it reached them: by post), adds the officials' answer in
// English and Persian, corrects the hand-over (its history appears on the staff page, in
// words); then the public petition page shows the hand-over and the answer in English and
// in Persian on a 390×844 phone, the reader's own summary, axe clean, no sideways
// scrolling. A bundle downloaded by the organiser, one name changed in its CSV and
// zipped again, is reported as tampered by the public /verify page, in Persian.
// Registered by suite.mjs with the organiser's session.

import { execFileSync } from 'node:child_process';
import { check, checkPage, assert } from './harness.mjs';
import { message, messageWith, plainText } from './messages.mjs';

const PHONE = { width: 390, height: 844 };
const DIRS = { en: 'ltr', fa: 'rtl' };
const stamp = Date.now().toString(36);
const HANDOVER = {
  recipient: `The Consul ${stamp}`,
  office: `Consulate ${stamp}`,
  corrected: `Consulate General ${stamp}`,
  answer: { en: `We will meet the families (${stamp}).`, fa: `با خانواده‌ها دیدار می‌کنیم (${stamp}).` },
};

/** Fails when the page is wider than its window (a horizontal scrollbar). */
async function noSideScroll(page, what) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(scroll <= client, `${what}: ${scroll} px wide in a ${client} px window`);
}

/** Today (UTC), as the server reads a typed day. */
function today() {
  return new Date().toISOString().slice(0, 10);
}

/** Registers the checks; `organiserPage(newPage, lang)` gives a page signed in as an organiser. */
export function registerAfterHandoverChecks({ organiserPage }) {
  const lang = 'en';
  const dir = DIRS[lang];
  const t = (key) => message(lang, key);

  check('after the hand-over (en): an organiser records a hand-over by post, adds the answer in English and Persian, corrects it and sees its history in words; axe clean throughout', async ({ newPage }) => {
    const page = await organiserPage(newPage, lang);
    await checkPage(page, { url: `/staff/petitions/1/editions?lang=${lang}`, lang, dir });
    const href = await page.locator('main a[href^="/staff/editions/"]').first().getAttribute('href');
    assert(href, 'the demo petition has an edition');
    const editionUrl = `${href.split('?')[0]}?lang=${lang}`;
    // The demo edition is built by the server's job after it starts (long done when the
    // whole suite runs; alone, give the check time: CHECK_TIMEOUT_MS=300000).
    let ready = false;
    for (let i = 0; i < 280 && !ready; i += 1) {
      await checkPage(page, { url: editionUrl, lang, dir, axe: false });
      ready = (await page.locator('main form[action$="/handovers"]').count()) > 0;
      if (!ready) await page.waitForTimeout(1000);
    }
    const state = plainText(await page.locator('main dl.facts dd').first().innerText());
    assert(ready, `the demo edition became ready (it reads "${state}")`);
    await checkPage(page, { url: editionUrl, lang, dir });

    const form = page.locator('main form[action$="/handovers"]');
    await form.getByLabel(t('handover-recipient'), { exact: true }).fill(HANDOVER.recipient);
    await form.getByLabel(t('handover-office'), { exact: true }).fill(HANDOVER.office);
    await form.getByLabel(t('handover-date'), { exact: true }).evaluate((input, day) => { input.type = 'text'; input.value = day; }, today());
    await form.getByRole('group', { name: t('handover-form'), exact: true }).getByRole('radio', { name: t('handover-form-print'), exact: true }).check();
    await form.getByRole('group', { name: t('handover-channel'), exact: true }).getByRole('radio', { name: t('handover-channel-post'), exact: true }).check();
    await checkPage(page, { via: () => form.getByRole('button', { name: t('save'), exact: true }).click(), lang, dir });

    // The new card: open its answer form, give the answer in two languages.
    const card = page.locator('main .cards .card', { hasText: HANDOVER.recipient });
    assert((await card.count()) === 1, 'the recorded hand-over is listed once');
    assert(plainText(await card.innerText()).includes(t('handover-channel-post')), 'the card says it went by post');
    await card.locator('summary', { hasText: t('handover-answer-add') }).click();
    const answer = card.locator('form[action$="/answer"]');
    await answer.getByLabel(t('handover-later-answer-en'), { exact: true }).fill(HANDOVER.answer.en);
    await answer.getByLabel(t('handover-later-answer-fa'), { exact: true }).fill(HANDOVER.answer.fa);
    await answer.getByLabel(t('handover-answered-on'), { exact: true }).fill(today());
    await checkPage(page, { via: () => answer.getByRole('button', { name: t('handover-answer-save'), exact: true }).click(), lang, dir });

    // A correction of the office: kept in the history, in words.
    const again = page.locator('main .cards .card', { hasText: HANDOVER.recipient });
    await again.locator('summary', { hasText: t('handover-edit') }).click();
    const edit = again.locator('form[action$="/edit"]');
    await edit.getByLabel(t('handover-office'), { exact: true }).fill(HANDOVER.corrected);
    await checkPage(page, { via: () => edit.getByRole('button', { name: t('handover-edit-save'), exact: true }).click(), lang, dir, screenshot: 'after-handover-en-history' });
    const history = plainText(await page.locator('main .cards .card', { hasText: HANDOVER.recipient }).locator('ul.history').innerText());
    assert(history.includes(`“${HANDOVER.office}”`) && history.includes(`“${HANDOVER.corrected}”`), `the history reads "${history}"`);
  });

  for (const reader of ['en', 'fa']) {
    check(`after the hand-over (${reader}): the public petition page on a 390x844 phone shows the hand-over (by post) and the answer in the reader's language; axe clean, no sideways scrolling`, async ({ newPage }) => {
      const page = await newPage({ viewport: PHONE });
      const tr = (key) => message(reader, key);
      await checkPage(page, { url: `/petitions/let-families-visit?lang=${reader}`, lang: reader, dir: DIRS[reader], screenshot: `after-handover-${reader}-public` });
      const timeline = plainText(await page.locator('main section.timeline').innerText());
      assert(timeline.includes(HANDOVER.corrected), `the timeline names the office: ${timeline.slice(0, 400)}`);
      assert(timeline.includes(tr('handover-channel-post')), `the timeline says "${tr('handover-channel-post')}"`);
      const own = HANDOVER.answer[reader];
      const other = HANDOVER.answer[reader === 'en' ? 'fa' : 'en'];
      assert(timeline.includes(own) && !timeline.includes(other), `the answer shows in ${reader} only`);
      await noSideScroll(page, `the petition page in ${reader}`);
    });
  }

  check('after the hand-over (fa): a bundle with one name changed in its CSV, uploaded to /verify, is reported as tampered; axe clean', async ({ newPage }) => {
    const staff = await organiserPage(newPage, 'en');
    await checkPage(staff, { url: '/staff/petitions/1/editions?lang=en', lang: 'en', dir: 'ltr', axe: false });
    const href = (await staff.locator('main a[href^="/staff/editions/"]').first().getAttribute('href')).split('?')[0];
    const res = await staff.request.get(`${href}/bundle`);
    assert(res.status() === 200, `the bundle download answered ${res.status()}`);
    // Zipped again with one byte of signatures.csv changed (Python's zipfile: CRCs stay
    // valid, so only the manifest's hashes can tell).
    const script = [
      'import io, sys, zipfile',
      'src = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
      'out = io.BytesIO()',
      'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:',
      '    for info in src.infolist():',
      '        data = src.read(info.filename)',
      '        if info.filename == "signatures.csv":',
      '            i = data.rindex(b",") - 1',
      '            data = data[:i] + (b"x" if data[i:i + 1] != b"x" else b"y") + data[i + 1:]',
      '        dst.writestr(info.filename, data)',
      'sys.stdout.buffer.write(out.getvalue())',
    ].join('\n');
    const tampered = execFileSync('python3', ['-c', script], { input: await res.body(), maxBuffer: 256 * 1024 * 1024 });
    const lang = 'fa';
    const page = await newPage({ viewport: PHONE });
    await checkPage(page, { url: `/verify?lang=${lang}`, lang, dir: DIRS[lang] });
    await page.setInputFiles('#bundle', { name: 'tampered.zip', mimeType: 'application/zip', buffer: tampered });
    const submit = page.getByRole('button', { name: message(lang, 'bundle-check-submit'), exact: true });
    await checkPage(page, { via: () => submit.click(), status: 422, lang, dir: DIRS[lang], screenshot: 'after-handover-fa-verify-tampered' });
    const said = plainText(await page.locator('main').innerText());
    const want = plainText(messageWith(lang, 'bundle-problem-tampered', { file: 'signatures.csv' }));
    assert(said.includes(want), `the page reads: ${said.slice(0, 600)}`);
    await noSideScroll(page, '/verify in Persian');
  });
}
