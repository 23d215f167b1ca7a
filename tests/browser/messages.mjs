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
