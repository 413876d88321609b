// A unit's queue: my claimed cases, today's released cases in hand-out order, then the backlog.

import { api, ApiError } from './api.js';
import { h, replace, section, scroll } from './dom.js';
import { errorView } from './errors.js';
import { t, reasonText, sekRounded, score, integer, dateTime, date, unitName } from './i18n.js';

/** How many of a case's reasons the list shows. */
const TOP_REASONS = 3;

/** How many more cases "show more" lists, and the most one listing returns (the API's limit). */
const PAGE = 50;
const MAX_LIST = 500;

/** How many cases the queue page lists, per unit, for this page's life: "show more" raises it. */
const listed = new Map();

export async function renderQueue(context) {
  const unit = context.params[0];
  const limit = listed.get(unit) ?? PAGE;
  const [queue, claimed] = await Promise.all([api.queue(unit, limit), api.claimed(unit)]);
  if (!context.alive()) {
    return;
  }
  const mine = claimed.cases.filter((c) => c.assignee === context.me.subject);
  const released = queue.cases.filter((c) => c.releasedOn);
  const backlog = queue.cases.filter((c) => !c.releasedOn);
  // the unit's totals, whatever the limit (an older service sends none: then the cases listed)
  const totals = queue.totals ?? { open: queue.count, released: released.length, backlog: backlog.length };
  const hidden = totals.open - queue.count;
  const more =
    hidden > 0 && limit < MAX_LIST
      ? h('button', { type: 'button', id: 'show-more', class: 'quiet' }, t('queue.more', { count: integer(Math.min(PAGE, hidden, MAX_LIST - limit)) }))
      : null;
  if (more) {
    more.addEventListener('click', async () => {
      more.disabled = true;
      const first = queue.count; // the first case the longer list adds gets the focus
      listed.set(unit, Math.min(MAX_LIST, limit + PAGE));
      context.afterRender(() => {
        const links = context.main.querySelectorAll('#released-table a.case-link, #backlog-table a.case-link');
        (links[first] ?? links[links.length - 1])?.focus();
      });
      context.navigate(location.hash);
    });
  }
  const listing = (shown, total, emptyKey) =>
    total === 0
      ? h('p', { class: 'empty' }, t(emptyKey))
      : shown.length === 0
        ? h('p', { class: 'empty' }, t('queue.noneShown', { count: integer(total) }))
        : null;

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
        context.notify(errorView(error), 'error');
      }
      claimButton.disabled = false;
      claimButton.focus();
    }
  };
  claimButton.addEventListener('click', claim);

  // an auditor reads the queue and claims nothing (the service would answer 403)
  const works = context.mayWork(unit);
  let rank = 0;
  replace(
    context.main,
    h('h1', null, t('queue.title', { unit: unitName(unit) })),
    h(
      'div',
      { class: 'toolbar' },
      works ? claimButton : h('p', { class: 'message info', id: 'read-only' }, t('queue.readOnly')),
      works ? h('span', { class: 'hint', id: 'claim-hint' }, t('queue.claimHint')) : null,
      h(
        'span',
        { class: 'count', id: 'queue-count', dataset: { count: String(queue.count), total: String(totals.open) } },
        t('queue.count', { count: integer(queue.count), total: integer(totals.open) }),
      ),
    ),
    h('p', { class: 'hint keys-hint' }, t(works ? 'queue.keys' : 'queue.keysRead')),
    works
      ? section(
          'mine',
          t('queue.mine') + ' (' + mine.length + ')',
          mine.length === 0 ? h('p', { class: 'empty' }, t('queue.mineEmpty')) : mineTable(mine),
        )
      : null,
    section(
      'released',
      t('queue.released') + ' (' + integer(totals.released) + ')',
      listing(released, totals.released, 'queue.releasedEmpty') ??
        queueTable('released-table', released.map((c) => ({ rank: ++rank, summary: c }))),
      shownOf(released.length, totals.released),
    ),
    section(
      'backlog',
      t('queue.backlog') + ' (' + integer(totals.backlog) + ')',
      listing(backlog, totals.backlog, 'queue.backlogEmpty') ??
        queueTable('backlog-table', backlog.map((c) => ({ rank: ++rank, summary: c }))),
      shownOf(backlog.length, totals.backlog),
    ),
    more || hidden > 0
      ? h('p', { class: 'more', id: 'queue-more' }, more ?? t('queue.listLimit', { count: integer(MAX_LIST) }))
      : null,
  );

  context.setKeys({
    j: () => move(context.main, 1),
    k: () => move(context.main, -1),
    ...(works ? { c: claim } : {}),
  });
}

/** "50 of 1 200 shown" under a list that shows only some of its cases. */
function shownOf(shown, total) {
  return shown > 0 && shown < total ? h('p', { class: 'hint shown-of' }, t('queue.shownOf', { shown: integer(shown), total: integer(total) })) : null;
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
    {
      href: '#/case/' + summary.caseId,
      class: 'case-link',
      'aria-label': t('case.title', { caseId: summary.caseId }),
      dataset: { caseId: String(summary.caseId) },
    },
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
