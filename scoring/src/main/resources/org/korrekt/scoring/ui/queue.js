// A unit's queue: my claimed cases, today's released cases in hand-out order, then the backlog.

import { api, ApiError } from './api.js';
import { h, replace, section, scroll } from './dom.js';
import { t, reasonText, sekRounded, score, integer, dateTime, date, unitName } from './i18n.js';

/** How many of a case's reasons the list shows. */
const TOP_REASONS = 3;

export async function renderQueue(context) {
  const unit = context.params[0];
  const [queue, claimed] = await Promise.all([api.queue(unit, 50), api.claimed(unit)]);
  if (!context.alive()) {
    return;
  }
  const mine = claimed.cases.filter((c) => c.assignee === context.me.subject);
  const released = queue.cases.filter((c) => c.releasedOn);
  const backlog = queue.cases.filter((c) => !c.releasedOn);

  const claimButton = h(
    'button',
    { type: 'button', id: 'claim-next', class: 'primary', 'aria-keyshortcuts': 'c', 'aria-describedby': 'claim-hint' },
    t('queue.claim'),
  );
  const claim = async () => {
    if (claimButton.disabled) {
      return;
    }
    claimButton.disabled = true;
    try {
      const summary = await api.claim(unit);
      context.flash(t('queue.claimed', { caseId: summary.caseId }));
      context.navigate('#/case/' + summary.caseId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        context.notify(t('queue.claimNone'), 'info');
      } else if (!(error instanceof ApiError && error.status === 401)) {
        context.notify(t('error.generic', { code: error.code ?? error.name, message: error.message }), 'error');
      }
      claimButton.disabled = false;
      claimButton.focus();
    }
  };
  claimButton.addEventListener('click', claim);

  let rank = 0;
  replace(
    context.main,
    h('h1', null, t('queue.title', { unit: unitName(unit) })),
    h(
      'div',
      { class: 'toolbar' },
      claimButton,
      h('span', { class: 'hint', id: 'claim-hint' }, t('queue.claimHint')),
      h('span', { class: 'count', id: 'queue-count', dataset: { count: String(queue.count) } }, t('queue.count', { count: integer(queue.count) })),
    ),
    h('p', { class: 'hint keys-hint' }, t('queue.keys')),
    section(
      'mine',
      t('queue.mine') + ' (' + mine.length + ')',
      mine.length === 0 ? h('p', { class: 'empty' }, t('queue.mineEmpty')) : mineTable(mine),
    ),
    section(
      'released',
      t('queue.released') + ' (' + released.length + ')',
      released.length === 0
        ? h('p', { class: 'empty' }, t('queue.releasedEmpty'))
        : queueTable('released-table', released.map((c) => ({ rank: ++rank, summary: c }))),
    ),
    section(
      'backlog',
      t('queue.backlog') + ' (' + backlog.length + ')',
      backlog.length === 0
        ? h('p', { class: 'empty' }, t('queue.backlogEmpty'))
        : queueTable('backlog-table', backlog.map((c) => ({ rank: ++rank, summary: c }))),
    ),
  );

  context.setKeys({
    j: () => move(context.main, 1),
    k: () => move(context.main, -1),
    c: claim,
  });
}

/** Today in the browser's time zone, as an ISO date ("2026-11-22"), to tell today's release from an earlier one. */
function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
}

/** Moves the focus to the next (step 1) or previous (-1) case link in the lists. */
function move(main, step) {
  const links = [...main.querySelectorAll('a.case-link')];
  if (links.length === 0) {
    return;
  }
  const at = links.indexOf(document.activeElement);
  const next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  links[next].focus();
  links[next].closest('tr')?.scrollIntoView({ block: 'nearest' });
}

function caseLink(summary) {
  return h(
    'a',
    { href: '#/case/' + summary.caseId, class: 'case-link', dataset: { caseId: String(summary.caseId) } },
    '#' + summary.caseId,
  );
}

function reasons(summary) {
  const top = (summary.topReasons ?? []).slice(0, TOP_REASONS);
  if (top.length === 0) {
    return t('none');
  }
  return h('ul', { class: 'reasons' }, top.map((reason) => h('li', { dataset: { code: reason.code } }, reasonText(reason))));
}

function selection(summary) {
  return summary.randomControl
    ? h('span', { class: 'badge random', title: t('random.explain') }, t('random.short'))
    : h('span', { class: 'badge model' }, t('random.model'));
}

function numeric(content) {
  return h('td', { class: 'num' }, content);
}

function queueTable(id, entries) {
  return scroll(h(
    'table',
    { class: 'data queue', id },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', class: 'num w-rank' }, t('col.rank')),
        h('th', { scope: 'col', class: 'w-case' }, t('col.case')),
        h('th', { scope: 'col', class: 'num w-score' }, t('col.score')),
        h('th', { scope: 'col', class: 'num w-amount' }, t('col.amount')),
        h('th', { scope: 'col', class: 'num w-value' }, t('col.expectedValue')),
        h('th', { scope: 'col' }, t('col.reasons')),
        h('th', { scope: 'col', class: 'num w-age' }, t('col.age')),
        h('th', { scope: 'col', class: 'w-due' }, t('col.due')),
        h('th', { scope: 'col', class: 'w-selection' }, t('col.selection')),
        h('th', { scope: 'col', class: 'w-state' }, t('col.state')),
      ),
    ),
    h(
      'tbody',
      null,
      entries.map(({ rank, summary }) =>
        h(
          'tr',
          { dataset: { caseId: String(summary.caseId) }, class: summary.randomControl ? 'random-row' : null },
          numeric(String(rank)),
          h('td', null, caseLink(summary)),
          numeric(score(summary.score)),
          numeric(sekRounded(summary.amountSek)),
          numeric(sekRounded(summary.expectedValueSek)),
          h('td', null, reasons(summary)),
          numeric(integer(summary.ageDays)),
          h('td', null, summary.dueAt ? h('span', { class: 'due' }, dateTime(summary.dueAt)) : t('none')),
          h('td', null, selection(summary)),
          h(
            'td',
            null,
            summary.releasedOn
              ? h(
                  'span',
                  { class: 'badge released', title: t('queue.releasedOn', { date: date(summary.releasedOn) }) },
                  summary.releasedOn === localToday() ? t('queue.today') : date(summary.releasedOn),
                )
              : h('span', { class: 'badge backlog' }, t('queue.backlogTag')),
          ),
        ),
      ),
    ),
  ));
}

function mineTable(cases) {
  return scroll(h(
    'table',
    { class: 'data queue', id: 'mine-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', class: 'w-case' }, t('col.case')),
        h('th', { scope: 'col', class: 'num w-score' }, t('col.score')),
        h('th', { scope: 'col', class: 'num w-amount' }, t('col.amount')),
        h('th', { scope: 'col', class: 'num w-value' }, t('col.expectedValue')),
        h('th', { scope: 'col' }, t('col.reasons')),
        h('th', { scope: 'col', class: 'w-claimed' }, t('col.claimedAt')),
        h('th', { scope: 'col', class: 'w-due' }, t('col.due')),
        h('th', { scope: 'col', class: 'w-selection' }, t('col.selection')),
      ),
    ),
    h(
      'tbody',
      null,
      cases.map((summary) =>
        h(
          'tr',
          { dataset: { caseId: String(summary.caseId) } },
          h('td', null, caseLink(summary)),
          numeric(score(summary.score)),
          numeric(sekRounded(summary.amountSek)),
          numeric(sekRounded(summary.expectedValueSek)),
          h('td', null, reasons(summary)),
          h('td', null, dateTime(summary.claimedAt)),
          h('td', null, summary.dueAt ? h('span', { class: 'due' }, dateTime(summary.dueAt)) : t('none')),
          h('td', null, selection(summary)),
        ),
      ),
    ),
  ));
}
