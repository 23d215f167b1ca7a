// An SMTP server for the browser suite, run inside the suite's own process.
//
// run.sh points Peyvand at it (PEYVAND_MAIL_TRANSPORT=smtp, PEYVAND_SMTP_TLS=none,
// PEYVAND_SMTP_HOST=127.0.0.1, PEYVAND_SMTP_PORT=$SMTP_PORT) and the harness starts it
// on SMTP_PORT before the first check. Every message it accepts is parsed with
// mailparser and kept in memory; checks wait for the one they expect with
// `mailbox.waitFor(predicate)`.
//
// Plain SMTP on the loopback interface only: no TLS, no authentication (Peyvand sends
// none with `smtp_tls = "none"` and no credentials), at most 1 MiB a message.

import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/**
 * One received message.
 * @typedef {object} ReceivedMail
 * @property {string[]} envelopeTo  RCPT TO addresses, lower case
 * @property {string} envelopeFrom  MAIL FROM address
 * @property {string} to            the To: header as text
 * @property {string} from          the From: header as text
 * @property {string} subject
 * @property {string} text          the text/plain part ('' if none)
 * @property {string} html          the text/html part ('' if none)
 * @property {Map<string, unknown>} headers  mailparser's header map (lower-case names)
 * @property {string} raw           the message as received
 */

export class Mailbox {
  constructor() {
    /** @type {ReceivedMail[]} */
    this.messages = [];
    /** Problems the server met (a message it could not parse, a socket error). */
    this.errors = [];
    this.waiters = new Set();
    this.server = null;
  }

  /** Starts listening on `host:port`; resolves once the port is bound. */
  async start({ port, host = '127.0.0.1' }) {
    this.server = new SMTPServer({
      name: 'peyvand-test-mailbox',
      banner: 'Peyvand browser-suite mailbox',
      secure: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      disableReverseLookup: true,
      size: 1024 * 1024,
      logger: false,
      // The client (lettre) may keep a pooled connection open; do not wait long for it.
      closeTimeout: 500,
      onData: (stream, session, callback) => {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('error', (err) => callback(err));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            const err = new Error('message too large for the test mailbox');
            err.responseCode = 552;
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks);
          simpleParser(raw, { skipImageLinks: true })
            .then((parsed) => {
              this.#add({
                envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: parsed.to?.text ?? '',
                from: parsed.from?.text ?? '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                headers: parsed.headers,
                raw: raw.toString('utf8'),
              });
              callback();
            })
            .catch((err) => {
              this.errors.push(`cannot parse a message: ${err.message}`);
              callback(err);
            });
        });
      },
    });
    this.server.on('error', (err) => this.errors.push(`smtp server: ${err.message}`));
    await new Promise((resolve, reject) => {
      const onError = (err) => reject(err);
      this.server.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.server.off('error', onError);
        resolve();
      });
    });
  }

  #add(mail) {
    this.messages.push(mail);
    for (const w of [...this.waiters]) {
      if (w.predicate(mail)) w.resolve(mail);
    }
  }

  /** The messages whose envelope recipient is `address` (case-insensitive). */
  messagesTo(address) {
    const a = address.toLowerCase();
    return this.messages.filter((m) => m.envelopeTo.includes(a));
  }

  /**
   * Resolves with the first message (already received or still to come) for which
   * `predicate(mail)` is true; rejects after `timeoutMs` naming `what`.
   */
  waitFor(predicate, { timeoutMs = 20000, what = 'a matching message' } = {}) {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (mail) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(mail);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const extra = this.errors.length ? ` (mailbox errors: ${this.errors.join('; ')})` : '';
        reject(
          new Error(`no email: waited ${timeoutMs} ms for ${what}; ${this.messages.length} message(s) received in all${extra}`),
        );
      }, timeoutMs);
      timer.unref?.();
      this.waiters.add(waiter);
    });
  }

  /** Waits for the first message to `address`. */
  waitForMailTo(address, options = {}) {
    const a = address.toLowerCase();
    return this.waitFor((m) => m.envelopeTo.includes(a), { what: `a message to ${address}`, ...options });
  }

  /** Stops the server (open client connections are cut after half a second). */
  async close() {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Starts a Mailbox on `port` (and `host`, default 127.0.0.1). */
export async function startMailbox(options) {
  const box = new Mailbox();
  await box.start(options);
  return box;
}
