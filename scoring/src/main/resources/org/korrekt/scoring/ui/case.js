// One case: the decision explained in plain language, the person's history, notes, the audit
// trail, and the work on it (release, the outcome form).

import { api, ApiError, session } from './api.js';
import { drafts } from './drafts.js';
import { errorView } from './errors.js';
import { h, replace, section, facts, table, labelRegions } from './dom.js';
import {
  t,
  tOr,
  reasonText,
  sek,
  sekRounded,
  score,
  integer,
  decimal,
  signed,
  percent,
  dateTime,
  date,
} from './i18n.js';

const NOTE_MAX = 10000;
const AMOUNT_MAX = 10_000_000;
/** The longest reason for a correction, in UTF-16 units as the service counts it. */
const REASON_MAX = 2000;
const CAUSES = ['CLAIMANT', 'AGENCY', 'OTHER'];
const ACTIONS = ['REFUSAL', 'REDUCTION', 'STOP', 'RECOVERY_CLAIM'];

export async function renderCase(context) {
  const id = context.params[0];
  const detail = await api.caseDetail(id);
  if (!context.alive()) {
    return;
  }
  const summary = detail.case;
  const decision = detail.decision;
  session.setUnit(summary.unit); // q returns to this case's queue, also when the case was opened by a link
  const me = context.me.subject;
  const lead = context.isLead(summary.unit);
  // an auditor reads the case and changes nothing (the service would answer 403)
  const works = context.mayWork(summary.unit);
  const workable = works && summary.status === 'CLAIMED' && (summary.assignee === me || lead);

  const audit = h('div', { id: 'audit-body' }, auditTable(detail.audit ?? []));
  const notes = h('div', { id: 'notes-body' }, notesList(detail.notes ?? []));

  replace(
    context.main,
    h(
      'p',
      { class: 'back' },
      h('a', { href: '#/queue/' + summary.unit, id: 'back-to-queue' }, '← ' + t('case.back') + ' (' + summary.unit + ')'),
    ),
    h(
      'div',
      { class: 'case-head' },
      h('h1', { id: 'case-title' }, t('case.title', { caseId: summary.caseId })),
      h('span', { class: 'badge status-' + summary.status.toLowerCase(), id: 'case-status' }, tOr('status.' + summary.status, summary.status)),
      summary.randomControl ? h('span', { class: 'badge random' }, t('random.short')) : null,
    ),
    summary.randomControl
      ? h(
          'div',
          { class: 'callout random', id: 'random-control', role: 'note' },
          h('strong', null, t('random.short') + '. '),
          t('random.explain'),
        )
      : null,
    h(
      'div',
      { class: 'case-grid' },
      h(
        'div',
        { class: 'case-main' },
        summarySection(summary, decision),
        reasonsSection(decision),
        questionsSection(decision),
        signalsSection(detail.signals ?? []),
        historySection(detail.history ?? { decisions: [], cases: [] }, summary, detail.signals ?? []),
        modelSection(decision),
      ),
      h(
        'div',
        { class: 'case-side' },
        workSection(context, summary, detail.outcome, workable, (detail.signals ?? []).find((signal) => signal.labelled)),
        section('notes', t('case.notes'), notes, works ? noteForm(context, summary, notes, audit, detail.notes ?? []) : null),
        section('audit', t('case.audit'), audit),
      ),
    ),
  );
}

function summarySection(summary, decision) {
  const band = tOr('band.' + decision.band, decision.band);
  const action = tOr('action.' + decision.action, decision.action);
  const paragraphs = [
    h(
      'p',
      { id: 'explain-action' },
      t('case.explain.action', {
        applicationId: decision.applicationId,
        benefit: tOr('unit.' + decision.benefit, decision.benefit),
        amount: sek(decision.amountSek),
        score: score(decision.score),
        band,
        action,
      }),
    ),
    h('p', { id: 'explain-meaning' }, t('case.explain.score'), ' ', tOr('meaning.' + decision.action, '')),
    h(
      'p',
      null,
      t('case.explain.expected', {
        expected: sekRounded(summary.expectedIncorrectSek),
        value: sekRounded(summary.expectedValueSek),
      }),
    ),
    summary.futureSek > 0 ? h('p', null, t('case.explain.future', { future: sekRounded(summary.futureSek) })) : null,
    summary.dueAt && summary.status !== 'CLOSED' ? h('p', { class: 'due' }, t('case.explain.due', { due: dateTime(summary.dueAt) })) : null,
    summary.signals > 1 ? h('p', null, t('case.explain.signals', { signals: summary.signals })) : null,
  ];
  return section(
    'summary',
    t('case.summary'),
    paragraphs,
    facts([
      [t('case.status'), tOr('status.' + summary.status, summary.status)],
      [t('case.assignee'), summary.assignee ?? t('none')],
      [t('case.person'), h('code', null, summary.personPseudonym)],
      [t('case.created'), dateTime(summary.createdAt)],
      decision.claim?.submittedOn ? [t('case.submittedOn'), date(decision.claim.submittedOn)] : null,
      decision.claim?.periodStart ? [t('case.periodStart'), date(decision.claim.periodStart)] : null,
      decision.claim?.claimedDays != null ? [t('case.claimedDays'), integer(decision.claim.claimedDays)] : null,
      summary.claimedAt ? [t('case.claimedAt'), dateTime(summary.claimedAt)] : null,
      summary.closedAt ? [t('case.closedAt'), dateTime(summary.closedAt)] : null,
    ]),
  );
}

/** Features kept as ln(1 + SEK): amount_sek_log, declared_income_sek_log, paid_sek_365d_log (FeatureCatalogueTest). */
const LOG_SEK = /_sek(_[a-z0-9]+)*_log$/;

/**
 * A reason's value as an investigator reads it: a feature kept as ln(1 + SEK) is shown in SEK, not
 * as the logarithm ("10,31" reads as nothing).
 */
export function reasonValue(reason) {
  if (LOG_SEK.test(String(reason.feature ?? '')) && Number.isFinite(reason.value)) {
    return sekRounded(Math.round(Math.expm1(reason.value)));
  }
  return decimal(reason.value);
}

function reasonsSection(decision) {
  const reasons = decision.reasons ?? [];
  if (reasons.length === 0) {
    return section('reasons', t('case.reasons'), h('p', { class: 'empty' }, t('case.reasonsEmpty')));
  }
  const largest = Math.max(...reasons.map((r) => Math.abs(r.contribution) || 0), 1e-9);
  const rows = reasons.map((reason) => {
    const bar = h('span', { class: 'bar-fill ' + (reason.contribution >= 0 ? 'up' : 'down') });
    bar.style.width = Math.round((Math.abs(reason.contribution) / largest) * 100) + '%';
    // a rule that hit carries no share of the log-odds (api.md): it raises the action itself
    const rule = reason.contribution === 0;
    return h(
      'tr',
      { dataset: { code: reason.code } },
      h('td', { class: 'reason-text' }, reasonText(reason)),
      h('td', { class: 'feature' }, h('code', null, reason.feature ?? '')),
      h('td', { class: 'num' }, reasonValue(reason)),
      h(
        'td',
        { class: 'num' },
        rule
          ? h('span', { class: 'rule-hit', title: t('case.ruleHitTitle') }, t('case.ruleHit'))
          : h(
              'div',
              { class: 'metric contribution' },
              h('span', { class: 'bar', 'aria-hidden': 'true' }, bar),
              h('span', { class: 'value' }, signed(reason.contribution)),
            ),
      ),
    );
  });
  return section(
    'reasons',
    t('case.reasons'),
    h('p', { class: 'hint' }, t('case.reasonsIntro')),
    table(
      { id: 'reasons-table' },
      [t('case.reason'), t('case.feature'), h('th', { scope: 'col', class: 'num' }, t('case.value')), h('th', { scope: 'col', class: 'num' }, t('case.contribution'))],
      rows,
    ),
  );
}

function questionsSection(decision) {
  const questions = decision.questions ?? [];
  return section(
    'questions',
    t('case.questions'),
    questions.length === 0
      ? h('p', { class: 'empty' }, t('case.questionsNone'))
      : h('ul', { class: 'plain' }, questions.map((code) => h('li', null, h('code', null, code)))),
  );
}

function signalsSection(signals) {
  return section(
    'signals',
    t('case.signals') + ' (' + signals.length + ')',
    table(
      { id: 'signals-table' },
      [
        t('col.date'),
        t('col.application'),
        t('col.period'),
        t('col.decision'),
        h('th', { scope: 'col', class: 'num' }, t('col.score')),
        t('col.action'),
        h('th', { scope: 'col', class: 'num' }, t('col.amount')),
      ],
      signals.map((s) => [
        dateTime(s.decidedAt),
        h(
          'span',
          null,
          h('code', null, s.applicationId ?? t('none')),
          s.labelled ? [' ', h('span', { class: 'badge', title: t('case.labelledTitle') }, t('case.labelled'))] : null,
        ),
        s.periodStart ? t('case.periodDays', { start: date(s.periodStart), days: integer(s.claimedDays ?? 0) }) : t('none'),
        h('code', { title: s.decisionId }, shortId(s.decisionId)),
        h('td', { class: 'num' }, score(s.score)),
        tOr('action.' + s.action, s.action),
        h('td', { class: 'num' }, sek(s.amountSek)),
      ]),
    ),
  );
}

function historySection(history, summary, signals) {
  // earlier: not the decisions that raised this case, which are its signals
  const own = new Set(signals.map((s) => s.decisionId));
  const decisions = (history.decisions ?? []).filter((d) => !own.has(d.decisionId));
  const cases = (history.cases ?? []).filter((c) => c.caseId !== summary.caseId);
  return section(
    'history',
    t('case.history'),
    h('h3', null, t('case.historyDecisions') + ' (' + decisions.length + ')'),
    decisions.length === 0
      ? h('p', { class: 'empty' }, t('case.historyNone'))
      : table(
          { id: 'history-decisions' },
          [t('col.date'), t('col.benefit'), h('th', { scope: 'col', class: 'num' }, t('col.amount')), h('th', { scope: 'col', class: 'num' }, t('col.score')), t('col.action')],
          decisions.map((d) => [
            dateTime(d.decidedAt),
            d.benefit,
            h('td', { class: 'num' }, sek(d.amountSek)),
            h('td', { class: 'num' }, score(d.score)),
            tOr('action.' + d.action, d.action),
          ]),
        ),
    h('h3', null, t('case.historyCases') + ' (' + cases.length + ')'),
    cases.length === 0
      ? h('p', { class: 'empty' }, t('case.historyNone'))
      : table(
          { id: 'history-cases' },
          [t('col.case'), t('col.benefit'), t('col.status'), t('case.created'), t('case.closedAt'), t('col.incorrect'), h('th', { scope: 'col', class: 'num' }, t('outcome.amount'))],
          cases.map((c) => [
            h('a', { href: '#/case/' + c.caseId, 'aria-label': t('case.title', { caseId: c.caseId }) }, '#' + c.caseId),
            c.benefit,
            tOr('status.' + c.status, c.status),
            date(c.createdAt),
            date(c.closedAt),
            c.incorrect === null || c.incorrect === undefined ? t('none') : c.incorrect ? t('yes') : t('no'),
            h('td', { class: 'num' }, sek(c.incorrectAmountSek)),
          ]),
        ),
  );
}

function modelSection(decision) {
  const th = decision.thresholds ?? [];
  return section(
    'model',
    t('case.model'),
    facts([
      [t('case.modelVersion'), h('code', { id: 'model-version' }, decision.modelVersion)],
      [t('case.profile'), decision.profile],
      [t('case.policy'), decision.policy || t('none')],
      [t('case.rules'), decision.rules || t('none')],
      th.length >= 5
        ? [
            t('case.thresholds'),
            t('case.thresholdsText', {
              q: score(th[0]),
              m: score(th[1]),
              h: score(th[2]),
              r: percent(th[3]),
              min: sek(th[4]),
            }),
          ]
        : null,
      [t('case.decidedAt'), dateTime(decision.decidedAt)],
      [t('case.decisionId'), h('code', null, decision.decisionId)],
      [t('case.fingerprint'), h('code', { title: decision.schemaFingerprint }, shortId(decision.schemaFingerprint))],
    ]),
  );
}

function shortId(value) {
  return value ? String(value).slice(0, 8) : t('none');
}

function notesList(notes) {
  if (notes.length === 0) {
    return h('p', { class: 'empty', id: 'notes-empty' }, t('case.notesNone'));
  }
  return h(
    'ol',
    { class: 'notes', id: 'notes-list' },
    notes.map((note) =>
      h(
        'li',
        { dataset: { noteId: String(note.noteId) } },
        h('div', { class: 'note-meta' }, note.author + ' · ' + dateTime(note.writtenAt)),
        h('p', { class: 'note-body' }, note.body),
      ),
    ),
  );
}

/**
 * After a refusal (403, 409) or no answer (status 0) to a change of the case: the case as the
 * service now has it, shown by rendering the page again, with message in the status line. What
 * the user typed is in the drafts (drafts.js), which the new page restores.
 */
function reloadCase(context, summary, message) {
  context.flash(message, 'error');
  context.navigate('#/case/' + summary.caseId);
}

/** Whether the error leaves the case's state unknown or changed: the page should show it anew. */
function stateInDoubt(e) {
  return e instanceof ApiError && (e.status === 0 || e.status === 403 || e.status === 404 || e.status === 409);
}

/** The case's detail, or null when it cannot be read now. */
async function detailOrNull(caseId) {
  try {
    return await api.caseDetail(caseId);
  } catch {
    return null;
  }
}

function lastNoteId(notes) {
  return notes.reduce((max, note) => Math.max(max, note.noteId ?? 0), 0);
}

function noteForm(context, summary, notes, audit, known) {
  /** The newest note this page has shown: a note after it that matches what was sent is ours. */
  let seen = lastNoteId(known);
  const error = h('p', { class: 'field-error', id: 'note-error', hidden: true });
  // no maxlength: it would cut a long paste without a word; the counter says, and submit refuses
  const body = h('textarea', { id: 'note-body', name: 'body', rows: '4', 'aria-describedby': 'note-count note-error' });
  const counter = h('p', { class: 'hint counter', id: 'note-count' });
  /** The note's length as the service counts it: the stripped text, in UTF-16 code units (String.length()). */
  const length = () => javaStrip(body.value).length;
  const count = () => {
    const n = length();
    counter.textContent = t('case.noteCount', { count: integer(n), max: integer(NOTE_MAX) });
    counter.classList.toggle('over', n > NOTE_MAX);
  };
  body.addEventListener('input', count);
  const submit = h('button', { type: 'submit', id: 'note-submit' }, t('case.noteAdd'));
  const me = context.me.subject;
  const draft = drafts.note(summary.caseId, me);
  if (draft) {
    body.value = draft;
  }
  body.addEventListener('input', () => drafts.setNote(summary.caseId, me, body.value));
  count();
  const form = h(
    'form',
    { id: 'note-form', novalidate: true },
    h('label', { for: 'note-body' }, t('case.noteLabel')),
    body,
    counter,
    draft ? h('p', { class: 'hint', id: 'note-draft' }, t('draft.restored')) : null,
    error,
    h('div', { class: 'buttons' }, submit),
  );
  const show = (message) => {
    if (message) {
      context.notify(''); // an earlier message ("you claimed case N") must not stand next to this error
    }
    replace(error, message);
    error.hidden = !message;
    if (message) {
      body.setAttribute('aria-invalid', 'true');
    } else {
      body.removeAttribute('aria-invalid');
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = body.value;
    if (length() === 0) {
      show(t('case.noteEmpty'));
      body.focus();
      return;
    }
    if (length() > NOTE_MAX) {
      show(t('case.noteTooLong', { count: integer(length()) }));
      body.focus();
      return;
    }
    show('');
    submit.disabled = true;
    const saved = (detail) => {
      replace(notes, notesList(detail.notes ?? []));
      replace(audit, auditTable(detail.audit ?? []));
      labelRegions(audit.closest('section') ?? audit);
      seen = lastNoteId(detail.notes ?? []);
      body.value = '';
      count();
      drafts.setNote(summary.caseId, me, null);
      form.querySelector('#note-draft')?.remove();
      context.notify(t('case.noteSaved'), 'success');
      body.focus();
    };
    try {
      await api.addNote(summary.caseId, text);
      // the note and its audit row, as the service now has them
      const detail = await api.caseDetail(summary.caseId);
      if (!context.alive()) {
        return;
      }
      saved(detail);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        return; // logged out; the draft is kept
      }
      if (e instanceof ApiError && e.status === 0) {
        // the answer was lost: the note may be saved. Notes cannot be removed, so a retry must
        // not add it twice: a note of this user's newer than the page's that says exactly this is it.
        const detail = await detailOrNull(summary.caseId);
        if (!context.alive()) {
          return;
        }
        const mine = (detail?.notes ?? []).filter((note) => note.author === me && note.noteId > seen);
        const last = mine[mine.length - 1];
        if (last && (last.body === text || last.body === javaStrip(text))) {
          saved(detail);
          return;
        }
      }
      if (stateInDoubt(e) && e.status !== 0) {
        reloadCase(context, summary, [errorView(e), ' ', t('case.changedMeanwhile')]);
        return;
      }
      show(errorView(e));
      body.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function auditTable(entries) {
  return table(
    { id: 'audit-table', class: 'data compact' },
    [t('case.auditAt'), t('case.auditActor'), t('case.auditAction'), t('case.auditDetail')],
    entries.map((entry) => [
      dateTime(entry.at),
      entry.actor,
      h('span', { dataset: { action: entry.action } }, tOr('audit.' + entry.action, entry.action)),
      auditDetail(entry.detail),
    ]),
  );
}

/** An audit entry's details as "key: value" lines, as text. */
function auditDetail(detail) {
  if (!detail || typeof detail !== 'object') {
    return '';
  }
  const keys = Object.keys(detail).filter((key) => detail[key] !== null && detail[key] !== undefined);
  if (keys.length === 0) {
    return '';
  }
  return h(
    'ul',
    { class: 'detail' },
    keys.map((key) => h('li', null, h('span', { class: 'detail-key' }, key + ': '), detailValue(detail[key]))),
  );
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An audit detail's value as text: numbers and instants the Swedish way, lists joined. */
function detailValue(value) {
  if (Array.isArray(value)) {
    return value.length === 0 ? t('none') : value.map(detailValue).join(', ');
  }
  if (typeof value === 'number') {
    return decimal(value);
  }
  if (typeof value === 'string' && INSTANT.test(value)) {
    return dateTime(value);
  }
  if (typeof value === 'boolean') {
    return value ? t('yes') : t('no');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function workSection(context, summary, outcome, workable, labelled) {
  const parts = [];
  if (outcome) {
    parts.push(outcomeView(outcome));
    if (context.isLead(summary.unit)) {
      parts.push(
        h(
          'details',
          { id: 'correction', class: 'correction' },
          h('summary', null, t('correction.open')),
          outcomeForm(context, summary, labelled, outcome),
        ),
      );
    }
  } else if (summary.status === 'CLOSED') {
    parts.push(h('p', null, t('case.closedNote')));
  } else if (!context.mayWork(summary.unit)) {
    parts.push(h('p', { class: 'message info', id: 'read-only' }, t('case.readOnly')));
  } else if (summary.status === 'OPEN') {
    parts.push(h('p', { class: 'message info' }, t('case.notClaimed')));
  } else if (!workable) {
    parts.push(h('p', { class: 'message info' }, t('case.claimedByOther', { assignee: summary.assignee })));
  }
  if (workable) {
    const release = h('button', { type: 'button', id: 'release' }, t('case.release'));
    release.addEventListener('click', async () => {
      release.disabled = true;
      try {
        await api.release(summary.caseId);
        context.flash(t('case.released'));
        context.navigate('#/queue/' + summary.unit);
      } catch (e) {
        release.disabled = false;
        if (e instanceof ApiError && e.status === 401) {
          return;
        }
        if (e instanceof ApiError && e.status === 0) {
          // the answer was lost: released after all when the case is open again
          const detail = await detailOrNull(summary.caseId);
          if (detail && detail.case.status === 'OPEN') {
            context.flash(t('case.released'));
            context.navigate('#/queue/' + summary.unit);
            return;
          }
        }
        if (stateInDoubt(e)) {
          reloadCase(context, summary, [errorView(e), ' ', t('case.changedMeanwhile')]);
          return;
        }
        context.notify(errorView(e), 'error');
      }
    });
    parts.push(
      h(
        'p',
        null,
        t('case.assignee') + ': ',
        h('strong', null, summary.assignee),
      ),
      h('div', { class: 'buttons' }, release),
      outcomeForm(context, summary, labelled),
    );
  }
  return section('work', outcome ? t('case.outcome') : t('case.work'), parts);
}

function outcomeView(outcome) {
  const actions = outcome.actions ?? [];
  return h(
    'div',
    { id: 'outcome', class: 'outcome ' + (outcome.incorrect ? 'incorrect' : 'correct') },
    facts([
      [t('outcome.incorrect'), outcome.incorrect ? t('outcome.incorrectYes') : t('outcome.incorrectNo')],
      [t('outcome.amount'), sek(outcome.incorrectAmountSek)],
      [t('outcome.prevented'), sek(outcome.preventedFutureSek)],
      [t('outcome.cause'), outcome.cause ? tOr('cause.' + outcome.cause, outcome.cause) : t('none')],
      [t('outcome.intentional'), outcome.intentionalSuspected ? t('yes') : t('no')],
      [t('outcome.actions'), actions.length === 0 ? t('none') : actions.map((a) => tOr('act.' + a, a)).join(', ')],
      [t('outcome.police'), outcome.policeReport ? t('yes') : t('no')],
    ]),
    h('p', { class: 'hint' }, t('case.outcomeRecorded', { by: outcome.recordedBy, at: dateTime(outcome.recordedAt) })),
    outcome.correction
      ? h(
          'p',
          { class: 'hint', id: 'outcome-correction' },
          t('case.outcomeCorrected', {
            by: outcome.correction.correctedBy,
            at: dateTime(outcome.correction.correctedAt),
            reason: outcome.correction.reason,
          }),
        )
      : null,
  );
}

/** Parses an amount in SEK as typed: "5120", "5 120", "5120,50", "5 120.5". NaN when it is not one. */
export function parseSek(text) {
  const compact = String(text).replace(/[\s\u00a0\u202f]/g, '').replace(/kr$/i, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) {
    return Number.NaN;
  }
  return Number(compact);
}

function radio(name, value, label) {
  const id = name + '-' + String(value).toLowerCase();
  return h(
    'div',
    { class: 'choice' },
    h('input', { type: 'radio', name, id, value: String(value) }),
    h('label', { for: id }, label),
  );
}

function checkbox(name, id, label, value) {
  return h(
    'div',
    { class: 'choice' },
    h('input', { type: 'checkbox', name, id, value: value ?? 'true' }),
    h('label', { for: id }, label),
  );
}

function fieldError(field) {
  return h('p', { class: 'field-error', id: field + '-error', hidden: true });
}

/** @param labelled the signal whose application the outcome labels (the one that opened the case), if known */
/**
 * The outcome form: to record a case's outcome, or, with correcting (the outcome as it counts now),
 * a lead's correction of it, filled in with that outcome and asking why.
 */
function outcomeForm(context, summary, labelled, correcting = null) {
  const amount = h('input', {
    type: 'text',
    inputmode: 'decimal',
    id: 'incorrectAmountSek',
    name: 'incorrectAmountSek',
    autocomplete: 'off',
    'aria-describedby': 'amount-hint incorrectAmountSek-error',
  });
  const prevented = h('input', {
    type: 'text',
    inputmode: 'decimal',
    id: 'preventedFutureSek',
    name: 'preventedFutureSek',
    autocomplete: 'off',
    value: '0',
    'aria-describedby': 'amount-hint preventedFutureSek-error',
  });
  const summaryBox = h('div', { class: 'error-summary', id: 'outcome-errors', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', id: 'outcome-submit' },
    correcting ? t('correction.submit') : t('outcome.submit'),
  );
  const reason = correcting
    ? h('textarea', { id: 'reason', name: 'reason', rows: '3', maxlength: String(REASON_MAX), 'aria-describedby': 'reason-hint reason-error' })
    : null;

  const form = h(
    'form',
    { id: 'outcome-form', novalidate: true, 'aria-labelledby': 'outcome-title' },
    h('h3', { id: 'outcome-title' }, correcting ? t('correction.title') : t('outcome.title')),
    correcting ? h('p', { class: 'hint', id: 'correction-intro' }, t('correction.intro')) : null,
    labelled
      ? h(
          'p',
          { class: 'hint', id: 'outcome-labels' },
          t(summary.signals > 1 ? 'outcome.labelsOfSeveral' : 'outcome.labels', {
            applicationId: labelled.applicationId,
            amount: sek(labelled.amountSek),
          }),
        )
      : null,
    summaryBox,
    h(
      'fieldset',
      { id: 'incorrect', 'aria-describedby': 'incorrect-error' },
      h('legend', null, t('outcome.incorrect')),
      h('div', { class: 'choices' }, radio('incorrect', true, t('outcome.incorrectYes')), radio('incorrect', false, t('outcome.incorrectNo'))),
      fieldError('incorrect'),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'incorrectAmountSek' }, t('outcome.amount')),
      amount,
      fieldError('incorrectAmountSek'),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'preventedFutureSek' }, t('outcome.prevented')),
      prevented,
      fieldError('preventedFutureSek'),
    ),
    h('p', { class: 'hint', id: 'amount-hint' }, t('outcome.amountHint')),
    h(
      'fieldset',
      { id: 'cause', 'aria-describedby': 'cause-error' },
      h('legend', null, t('outcome.cause')),
      h('div', { class: 'choices' }, CAUSES.map((cause) => radio('cause', cause, t('cause.' + cause)))),
      fieldError('cause'),
    ),
    h(
      'fieldset',
      { id: 'actions', 'aria-describedby': 'actions-error' },
      h('legend', null, t('outcome.actions')),
      h('div', { class: 'choices' }, ACTIONS.map((action) => checkbox('actions', 'action-' + action.toLowerCase(), t('act.' + action), action))),
      fieldError('actions'),
    ),
    h(
      'div',
      { class: 'field checks' },
      checkbox('intentionalSuspected', 'intentionalSuspected', t('outcome.intentional')),
      fieldError('intentionalSuspected'),
      checkbox('policeReport', 'policeReport', t('outcome.police')),
      fieldError('policeReport'),
    ),
    correcting
      ? h(
          'div',
          { class: 'field' },
          h('label', { for: 'reason' }, t('correction.reason')),
          h('p', { class: 'hint', id: 'reason-hint' }, t('correction.reasonHint')),
          reason,
          fieldError('reason'),
        )
      : null,
    h('div', { class: 'buttons' }, submit),
  );

  const incorrect = () => {
    const checked = form.querySelector('input[name="incorrect"]:checked');
    return checked ? checked.value === 'true' : null;
  };
  const intentional = form.querySelector('#intentionalSuspected');
  const police = form.querySelector('#policeReport');

  // what was typed for an incorrect payment, kept while "correct" is chosen, to come back if
  // "incorrect" is chosen again
  let wasCorrect = false;
  let typedForIncorrect = null;
  /** A correct payment has nothing more to record: the fields that need an error are disabled. */
  const sync = () => {
    const correct = incorrect() === false;
    if (correct && !wasCorrect) {
      typedForIncorrect = {
        amount: amount.value,
        prevented: prevented.value,
        checked: [...form.querySelectorAll('#cause input, #actions input, #intentionalSuspected, #policeReport')].filter(
          (input) => input.checked,
        ),
      };
    } else if (!correct && wasCorrect && typedForIncorrect) {
      amount.value = typedForIncorrect.amount;
      prevented.value = typedForIncorrect.prevented;
      for (const input of typedForIncorrect.checked) {
        input.checked = true;
      }
      typedForIncorrect = null;
    }
    wasCorrect = correct;
    for (const input of form.querySelectorAll('#cause input, #actions input, #intentionalSuspected, #incorrectAmountSek, #preventedFutureSek')) {
      input.disabled = correct;
      if (correct && (input.type === 'radio' || input.type === 'checkbox')) {
        input.checked = false;
      }
    }
    if (correct) {
      amount.value = '0';
      prevented.value = '0';
    }
    if (!intentional.checked) {
      police.checked = false;
    }
    police.disabled = correct || !intentional.checked;
  };
  /** The form's values as typed, for the draft: null when nothing differs from a fresh form. */
  const values = () => {
    const v = {
      incorrect: form.querySelector('input[name="incorrect"]:checked')?.value ?? null,
      amount: amount.value,
      prevented: prevented.value,
      cause: form.querySelector('input[name="cause"]:checked')?.value ?? null,
      actions: [...form.querySelectorAll('input[name="actions"]:checked')].map((input) => input.value),
      intentional: intentional.checked,
      police: police.checked,
    };
    const fresh =
      v.incorrect === null && !v.amount.trim() && v.prevented.trim() === '0' && !v.cause && v.actions.length === 0 && !v.intentional && !v.police;
    return fresh ? null : v;
  };
  const restore = (v) => {
    const check = (selector) => {
      const input = form.querySelector(selector);
      if (input) {
        input.checked = true;
      }
    };
    if (v.incorrect !== null) {
      check('input[name="incorrect"][value="' + (v.incorrect === 'true' ? 'true' : 'false') + '"]');
    }
    sync();
    amount.value = v.amount ?? '';
    prevented.value = v.prevented ?? '0';
    if (CAUSES.includes(v.cause)) {
      check('input[name="cause"][value="' + v.cause + '"]');
    }
    for (const action of v.actions ?? []) {
      if (ACTIONS.includes(action)) {
        check('input[name="actions"][value="' + action + '"]');
      }
    }
    intentional.checked = Boolean(v.intentional);
    sync();
    police.checked = Boolean(v.police) && !police.disabled;
  };
  const me = context.me.subject;
  form.addEventListener('change', sync);
  sync();
  if (correcting) {
    // the outcome as it counts now, to change what was wrong in it (no draft is kept of a correction)
    restore({
      incorrect: String(correcting.incorrect),
      amount: String(correcting.incorrectAmountSek),
      prevented: String(correcting.preventedFutureSek),
      cause: correcting.cause,
      actions: correcting.actions,
      intentional: correcting.intentionalSuspected,
      police: correcting.policeReport,
    });
  } else {
    const saveDraft = () => drafts.setOutcome(summary.caseId, me, values());
    form.addEventListener('change', saveDraft);
    form.addEventListener('input', saveDraft);
    const draft = drafts.outcome(summary.caseId, me);
    if (draft) {
      restore(draft);
      form.querySelector('#outcome-title').after(h('p', { class: 'hint', id: 'outcome-draft' }, t('draft.restored')));
    }
  }

  const showErrors = (errors, heading) => {
    for (const element of form.querySelectorAll('.field-error')) {
      element.hidden = true;
      element.textContent = '';
    }
    for (const element of form.querySelectorAll('[aria-invalid]')) {
      element.removeAttribute('aria-invalid');
    }
    if (errors.length === 0) {
      summaryBox.hidden = true;
      replace(summaryBox);
      return;
    }
    context.notify(''); // an earlier message ("you claimed case N") must not stand next to these errors
    for (const { field, message } of errors) {
      const slot = form.querySelector('#' + field + '-error');
      if (slot) {
        slot.textContent = message;
        slot.hidden = false;
      }
      const target = form.querySelector('#' + field);
      if (target) {
        target.setAttribute('aria-invalid', 'true');
      }
    }
    replace(
      summaryBox,
      h('p', null, heading),
      h(
        'ul',
        null,
        errors.map(({ field, message }) =>
          h(
            'li',
            { dataset: { field: field ?? '' } },
            field && form.querySelector('#' + field)
              ? h('button', { type: 'button', class: 'link', onclick: () => focusField(form, field) }, message)
              : message,
          ),
        ),
      ),
    );
    summaryBox.hidden = false;
    summaryBox.focus();
  };

  /** The service refused what was sent: its message, at the field it names if the form has it. */
  const showRefusal = (e) => {
    const known = e instanceof ApiError && e.field && form.querySelector('#' + e.field) ? e.field : null;
    showErrors([{ field: known, message: errorView(e) }], t('outcome.serverRefusedTitle'));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { outcome, errors } = readOutcome(form, incorrect(), amount.value, prevented.value);
    if (correcting) {
      const why = javaStrip(reason.value);
      if (why.length === 0 || why.length > REASON_MAX) {
        errors.push({ field: 'reason', message: t('correction.err.reason') });
      }
      outcome.reason = why;
    }
    if (errors.length > 0) {
      showErrors(errors, t('outcome.errors'));
      return;
    }
    showErrors([]);
    submit.disabled = true;
    if (correcting) {
      try {
        await api.correctOutcome(summary.caseId, outcome);
        context.flash(t('correction.saved'));
        context.navigate('#/case/' + summary.caseId);
      } catch (e) {
        submit.disabled = false;
        if (e instanceof ApiError && e.status === 401) {
          return;
        }
        if (stateInDoubt(e)) {
          // the answer was lost, or the case changed meanwhile: the page shows what counts now
          reloadCase(context, summary, [errorView(e), ' ', t('case.changedMeanwhile')]);
          return;
        }
        showRefusal(e);
      }
      return;
    }
    try {
      await api.recordOutcome(summary.caseId, outcome);
      drafts.setOutcome(summary.caseId, me, null);
      context.flash(t('case.outcomeSaved'));
      context.navigate('#/case/' + summary.caseId);
    } catch (e) {
      submit.disabled = false;
      if (e instanceof ApiError && e.status === 401) {
        return; // logged out; the draft is kept
      }
      if (stateInDoubt(e)) {
        // the answer was lost, or the case changed meanwhile: what has the service recorded?
        const detail = await detailOrNull(summary.caseId);
        if (!context.alive()) {
          return;
        }
        if (detail?.outcome && detail.outcome.recordedBy === me) {
          // recorded (the answer was lost, or an earlier try got through): never "refused"
          drafts.setOutcome(summary.caseId, me, null);
          context.flash(t('case.outcomeSaved'));
          context.navigate('#/case/' + summary.caseId);
          return;
        }
        if (detail) {
          reloadCase(context, summary, [errorView(e), ' ', t('case.changedMeanwhile')]);
          return;
        }
      }
      showRefusal(e);
    }
  });
  return form;
}


/**
 * The text as Java's String.strip() leaves it, as the service counts and stores a note: without
 * leading and trailing whitespace in Java's sense (Character.isWhitespace: not the no-break spaces).
 */
export function javaStrip(text) {
  const white = (c) =>
    /[\t\n\u000b\f\r\u001c-\u001f]/.test(c) || (/[\p{Zs}\p{Zl}\p{Zp}]/u.test(c) && !/[\u00a0\u2007\u202f]/.test(c));
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && white(chars[start])) {
    start++;
  }
  while (end > start && white(chars[end - 1])) {
    end--;
  }
  return chars.slice(start, end).join('');
}

function focusField(form, field) {
  const target = form.querySelector('#' + field);
  const input = target instanceof HTMLFieldSetElement ? target.querySelector('input:not([disabled])') : target;
  (input ?? target).focus();
}

/** The outcome as the service takes it, and what is wrong with it: the service's rules, checked first here. */
function readOutcome(form, incorrect, amountText, preventedText) {
  const errors = [];
  const cause = form.querySelector('input[name="cause"]:checked')?.value ?? null;
  const actions = [...form.querySelectorAll('input[name="actions"]:checked')].map((input) => input.value);
  const intentionalSuspected = form.querySelector('#intentionalSuspected').checked;
  const policeReport = form.querySelector('#policeReport').checked;
  const incorrectAmountSek = parseSek(amountText);
  const preventedFutureSek = parseSek(preventedText);

  if (incorrect === null) {
    errors.push({ field: 'incorrect', message: t('outcome.err.incorrect') });
  }
  for (const [field, value] of [
    ['incorrectAmountSek', incorrectAmountSek],
    ['preventedFutureSek', preventedFutureSek],
  ]) {
    if (!(value >= 0 && value <= AMOUNT_MAX)) {
      errors.push({ field, message: t('outcome.err.amount') });
    } else if (incorrect === false && value !== 0) {
      errors.push({ field, message: t('outcome.err.amountZero') });
    }
  }
  if (incorrect === true && !cause) {
    errors.push({ field: 'cause', message: t('outcome.err.cause') });
  }
  if (incorrect === false && (cause || intentionalSuspected || actions.length > 0 || policeReport)) {
    errors.push({ field: 'incorrect', message: t('outcome.err.correctExtras') });
  }
  if (policeReport && !intentionalSuspected) {
    errors.push({ field: 'policeReport', message: t('outcome.err.police') });
  }
  const outcome = {
    incorrect,
    incorrectAmountSek,
    preventedFutureSek,
    cause: incorrect ? cause : null,
    intentionalSuspected,
    actions,
    policeReport,
  };
  return { outcome, errors };
}

