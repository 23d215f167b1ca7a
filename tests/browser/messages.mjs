// The site's own translations (locales/<lang>/*.ftl), so that checks find fields by
// their visible labels and compare texts with what translators wrote instead of
// copies of it.
//
// A deliberately small reader of Fluent files: it knows `key = value` messages with
// indented continuation lines, skips comments, terms (`-term`) and attributes, and
// leaves placeables (`{ $title }`) as written. `message()` throws for an unknown key,
// so a renamed message fails loudly instead of matching nothing.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

const cache = new Map();

function load(lang) {
  const messages = new Map();
  const dir = join(LOCALES_DIR, lang);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl')).sort()) {
    let key = null;
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const start = /^([A-Za-z][A-Za-z0-9_-]*)\s*=\s?(.*)$/.exec(line);
      if (start) {
        key = start[1];
        messages.set(key, start[2].trim());
      } else if (key && /^\s+\S/.test(line) && !/^\s+\./.test(line)) {
        const sep = messages.get(key) ? '\n' : '';
        messages.set(key, messages.get(key) + sep + line.trim());
      } else {
        key = null;
      }
    }
  }
  return messages;
}

/** The text of message `key` in `lang` (placeables left as `{ $name }`). */
export function message(lang, key) {
  if (!cache.has(lang)) cache.set(lang, load(lang));
  const text = cache.get(lang).get(key);
  if (text === undefined) throw new Error(`no message "${key}" in locales/${lang}`);
  return text;
}

/** The text of message `key` in `lang` up to its first placeable. */
export function messageStart(lang, key) {
  return message(lang, key).split('{')[0].trim();
}

/** Turns Persian (and Arabic-Indic) digits into ASCII digits. */
export function asciiDigits(text) {
  return text
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/**
 * Message `key` in `lang` as the site shows it with `args` (e.g. `{ count: 3 }`): a
 * selector on a number (`{ $count -> [one] … *[other] … }`) picks its variant by exact
 * number, then by the language's plural category (Intl.PluralRules), then the default;
 * `{ $name }` placeables are replaced by the arguments. Bidi isolation marks are not
 * added: compare with `plainText()` of what the page shows.
 */
export function messageWith(lang, key, args = {}) {
  let text = message(lang, key);
  // The reader above stops at the selector's closing `}` (a line of its own at column 0).
  const selector = /^\{\s*\$([A-Za-z0-9_-]+)\s*->\n([\s\S]*?)(?:\n\})?$/.exec(text);
  if (selector) {
    const value = args[selector[1]];
    const variants = new Map();
    let fallback;
    for (const line of selector[2].split('\n')) {
      const v = /^(\*)?\[([^\]]+)\]\s?(.*)$/.exec(line);
      assert(v, `locales/${lang} ${key}: cannot read the variant line "${line}"`);
      variants.set(v[2], v[3]);
      if (v[1]) fallback = v[3];
    }
    const category = typeof value === 'number' ? new Intl.PluralRules(lang).select(value) : String(value);
    text = variants.get(String(value)) ?? variants.get(category) ?? fallback;
  }
  return text.replace(/\{\s*\$([A-Za-z0-9_-]+)\s*\}/g, (whole, name) => (name in args ? String(args[name]) : whole));
}

/** Text as shown, compared loosely: bidi isolation marks dropped, digits in ASCII, spaces collapsed. */
export function plainText(text) {
  return asciiDigits(text.replace(/[\u2066-\u2069\u200e\u200f]/g, '')).replace(/\s+/g, ' ').trim();
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
