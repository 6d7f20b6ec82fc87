import { readFileSync } from 'node:fs';
import { generateSync } from 'otplib';
import type { Command, CommandContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { checkOutput, writeFileAtomic } from '../files.ts';
import { LocalizedError } from '../../shared/i18n/index.ts';
import type { EnrolResult } from '../../main/enrollment/enrollment-service.ts';
import { WORKFLOW_TEXT } from '../workflow-text.ts';
import { endBankSession, login } from '../../main/bank/session.ts';
import { getSetting, setSetting } from '../../main/store/settings.ts';
import type { Client } from '../../main/client.ts';
import { CliError } from '../errors.ts';
import { subjectText } from '../../main/app-services/certificates.ts';

const words = (ctx: CommandContext) => WORKFLOW_TEXT[ctx.locale];
const waitMs = (ctx: CommandContext, fallback: number): number => {
  const v = ctx.opt('wait');
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--wait ${v}`);
  return n * 1000;
};

/** bankclient enroll: key on the token, request, act for printing, submit with the code, wait, install. */
export const enrollCommand: Command = {
  options: {
    key: { type: 'string' },
    algorithm: { type: 'string' },
    subject: { type: 'string' },
    code: { type: 'string' },
    act: { type: 'string' },
    'totp-out': { type: 'string' },
    wait: { type: 'string' },
    resume: { type: 'boolean' },
  },
  run: async (ctx) => {
    const client = await ctx.client();
    const w = words(ctx);
    if (ctx.flag('resume')) {
      const timeoutMs = waitMs(ctx, 0);
      const pin = await ctx.pin();
      let r: EnrolResult;
      try {
        r = await client.enrollment.awaitCertificate(pin, { timeoutMs, intervalMs: 1000 });
      } finally {
        pin.fill(0);
      }
      ctx.result(r, () => (r.status === 'approved' ? w.enrolApproved(r.certificate!.serialNumber, r.certificate!.notAfter.slice(0, 10)) : r.status === 'rejected' ? w.enrolRejected(r.reason ?? '') : w.enrolPending(r.enrollmentId, ctx.opt('token') ?? 'TOKEN')));
      return r.status === 'rejected' ? 1 : 0;
    }
    // the one-time enrolment code: BANKCLIENT_ENROLMENT_CODE keeps it out of the process list and shell history
    const code = ctx.env.BANKCLIENT_ENROLMENT_CODE || ctx.opt('code');
    if (!code) throw new UsageError(ctx.text.missingEnrolmentCode);
    const [token, key] = [ctx.need('token'), ctx.need('key')];
    // everything that could fail after the one-time enrolment code is spent is checked first
    const wait = waitMs(ctx, 0);
    const actPath = ctx.opt('act');
    const totpOut = ctx.opt('totp-out');
    if (actPath) checkOutput(actPath, {});
    if (totpOut) checkOutput(totpOut, {});
    const lines: string[] = [];
    // without --subject, the request names the person the bank issued the code to (asking does not
    // use the code up); a --subject naming someone else is refused by the bank (csr-subject-mismatch)
    let subject = ctx.opt('subject');
    if (subject === undefined) {
      const h = await client.enrollment.holder(code);
      subject = subjectText({ name: h.name, ...(h.position ? { position: h.position } : {}), company: h.company.name, inn: h.company.inn });
      lines.push(w.holder(h.name, h.position, h.company.name));
    }
    const pin = await ctx.pin();
    try {
      const req = await client.enrollment.makeRequest(token, pin, key, ctx.opt('algorithm') ?? 'ec-p256', subject);
      if (actPath) {
        writeFileAtomic(actPath, Buffer.from(client.enrollment.keyAct(token, subject, req, actPath.toLowerCase().endsWith('.pdf') ? 'pdf' : 'text', ctx.locale, await client.enrollment.bankName())));
        lines.push(w.actWritten(actPath));
      }
      const submitted = await client.enrollment.submit(token, key, req.csrPem, code);
      // the bank shows the one-time-code secret once: it is put somewhere before anything else can fail
      if (submitted.totp && totpOut) {
        writeFileAtomic(totpOut, Buffer.from(`${submitted.totp.uri}\n`), 0o600, false);
        lines.push(w.totpWritten(totpOut));
      } else if (submitted.totp) process.stderr.write(`${w.totpShow(submitted.totp.uri)}\n`);
      let r: EnrolResult = submitted;
      if (wait > 0) {
        try {
          r = await client.enrollment.awaitCertificate(pin, { timeoutMs: wait, intervalMs: 1000 });
        } catch (e) {
          // still pending at the bank: `enroll --resume` finishes it
          if (!(e instanceof LocalizedError)) throw e;
          process.stderr.write(`${e.localized(ctx.locale)}\n`);
        }
      }
      lines.push(r.status === 'approved' ? w.enrolApproved(r.certificate!.serialNumber, r.certificate!.notAfter.slice(0, 10)) : w.enrolPending(r.enrollmentId, token));
      const { totp: _shownOnce, ...answer } = r;
      ctx.result({ ...answer, key: req.key, ...(totpOut || !submitted.totp ? {} : { totp: submitted.totp }) }, () => lines.join('\n'));
    } finally {
      pin.fill(0);
    }
  },
};

export const renewCommand: Command = {
  options: { key: { type: 'string' }, 'new-key': { type: 'string' }, algorithm: { type: 'string' }, subject: { type: 'string' } },
  run: async (ctx) => {
    const pin = await ctx.pin();
    try {
      const c = await (await ctx.client()).enrollment.renew(ctx.need('token'), pin, ctx.need('key'), ctx.need('new-key'), ctx.opt('algorithm') ?? 'ec-p256', ctx.need('subject'));
      ctx.result(c, () => words(ctx).renewed(c.serialNumber, c.notAfter.slice(0, 10)));
    } finally {
      pin.fill(0);
    }
  },
};

const TOTP_STEP_S = 30;
/** The profile's record of the last time step a code from --totp-secret-file logged in with. */
const LAST_STEP = 'login.totp-last-step';

/**
 * The one-time code: BANKCLIENT_TOTP (the digits an authenticator app shows), or computed from
 * the secret file `enroll --totp-out` wrote (automation), never typed on the command line. From
 * the file, for real time (the bank checks codes against real time, whatever its clock says), and
 * never a step this profile logged in with already: the bank takes each code once, so a second
 * login within the same 30 s uses the next step's code, and a third waits for it.
 */
async function oneTimeCode(ctx: CommandContext, db: Client['db']): Promise<{ code: string; step?: number }> {
  if (ctx.env.BANKCLIENT_TOTP) return { code: ctx.env.BANKCLIENT_TOTP };
  const file = ctx.opt('totp-secret-file');
  if (!file) throw new UsageError(ctx.text.missingTotp);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    throw new CliError('totp-file-unreadable', (t) => t.totpFileUnreadable(file, t.readProblems[code] ?? code), { cause: e });
  }
  const secret = /secret=([A-Z2-7]+)/i.exec(text)?.[1] ?? text;
  if (!/^[A-Z2-7]{16,}=*$/i.test(secret)) throw new CliError('totp-file-invalid', (t) => t.totpFileInvalid(file));
  const last = Number(getSetting(db, LAST_STEP) ?? '-1');
  const now = Date.now() / 1000;
  const current = Math.floor(now / TOTP_STEP_S);
  const step = Math.max(current, last + 1);
  if (step > current + 1) {
    const waitS = (step - 1) * TOTP_STEP_S - now;
    process.stderr.write(`${words(ctx).totpWaiting(Math.ceil(waitS))}\n`);
    await new Promise((r) => setTimeout(r, waitS * 1000 + 50));
  }
  return { code: generateSync({ secret, epoch: step * TOTP_STEP_S }), step };
}

export const loginCommand: Command = {
  options: { key: { type: 'string' }, 'totp-secret-file': { type: 'string' } },
  run: async (ctx) => {
    const client = await ctx.client();
    const [token, key] = [ctx.need('token'), ctx.need('key')];
    const totp = await oneTimeCode(ctx, client.db);
    const pin = await ctx.pin();
    let s;
    try {
      s = await login(client.db, client.api, client.tokens, { token, key, pin, totp: totp.code, actor: client.actor });
    } finally {
      pin.fill(0);
    }
    if (totp.step !== undefined) setSetting(client.db, LAST_STEP, String(totp.step));
    ctx.result({ expiresAt: s.expiresAt, certificateSerial: s.certificateSerial, user: s.user }, () => words(ctx).loggedIn(s.user.name, s.user.company.name, s.user.role, s.expiresAt));
  },
};

/**
 * bankclient logout: the bank ends the session (its token stops working at once) and the profile
 * drops it. The profile's copy goes even when the bank cannot be reached; that is then said, with
 * exit code 1, since the token stays valid on the bank until it expires.
 */
export const logoutCommand: Command = {
  options: {},
  run: async (ctx) => {
    const client = await ctx.client();
    const r = await endBankSession(client.db, client.api);
    const w = words(ctx);
    const notEnded = r.error ? { until: r.expiresAt ?? '', code: r.error.code, message: r.error.localized(ctx.locale) } : undefined;
    ctx.result({ hadSession: r.hadSession, endedOnBank: r.endedOnBank, ...(notEnded ? { notEnded } : {}) }, () => (notEnded ? w.loggedOutHereOnly(notEnded.until, notEnded.message) : r.hadSession ? w.loggedOut : w.loggedOutNone));
    return r.endedOnBank ? 0 : 1;
  },
};
