// Page weight of the Persian petition page in Chromium (issue #18 item 6): the bytes
// transferred on a first visit (fonts included) and on a repeat visit in the same browser,
// as Chromium's network layer counts them (compressed bodies plus headers).
//
//   BASE_URL=https://127.0.0.1:8443 TRUST_SPKI=<base64 SHA-256 of the key> node tests/browser/weight.mjs
//
// Budgets: first visit <= 150 KB, repeat visit <= 20 KB. Run by .ci/tls.sh behind nginx,
// where compression and caching are as deployed. Exits non-zero over budget.

import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('BASE_URL is required');
  process.exit(2);
}
const PAGE = `${BASE_URL}/petitions/let-families-visit?lang=fa`;
const FIRST_BUDGET = 150 * 1024;
const REPEAT_BUDGET = 20 * 1024;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // The test certificate, trusted by its public key (TRUST_SPKI, base64 SHA-256): a
    // certificate error would keep Chromium from caching anything, unlike a real visit.
    ...(process.env.TRUST_SPKI ? [`--ignore-certificate-errors-spki-list=${process.env.TRUST_SPKI}`] : []),
  ],
});

/** Loads PAGE in `page` and returns the bytes transferred and what they were. */
async function visit(page, cdp) {
  const requests = new Map();
  const onResponse = (e) => {
    requests.set(e.requestId, { url: e.response.url, bytes: 0, cached: e.response.fromDiskCache });
  };
  const onFinished = (e) => {
    const r = requests.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  await page.goto(PAGE, { waitUntil: 'networkidle' });
  // Fonts load once text needs them.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.loadingFinished', onFinished);
  const list = [...requests.values()];
  return { total: list.reduce((n, r) => n + r.bytes, 0), list };
}

let failed = false;
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'fa-IR',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const first = await visit(page, cdp);
  // A repeat visit: a new tab in the same browser (same cache), as when she comes back.
  const again = await context.newPage();
  const cdp2 = await context.newCDPSession(again);
  await cdp2.send('Network.enable');
  const repeat = await visit(again, cdp2);
  const kb = (n) => (n / 1024).toFixed(1);
  for (const [name, v, budget] of [
    ['first visit', first, FIRST_BUDGET],
    ['repeat visit', repeat, REPEAT_BUDGET],
  ]) {
    const over = v.total > budget;
    failed ||= over;
    console.log(
      `[weight] ${over ? 'OVER' : 'ok'} - ${name}: ${kb(v.total)} KB transferred (budget ${kb(budget)} KB)`,
    );
    for (const r of v.list) {
      const path = r.url.replace(BASE_URL, '');
      console.log(`[weight]     ${kb(r.bytes).padStart(7)} KB  ${r.cached ? '(cache) ' : ''}${path}`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
