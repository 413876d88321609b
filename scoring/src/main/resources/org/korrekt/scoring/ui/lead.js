// A unit's figures: capacity, today's and the open counts, outcomes per week for the model's
// selection and the random control sample, the claimed cases and the closed ones with their outcomes. A lead also sets the capacity
// and reassigns cases; for others those controls are not shown (the service refuses them anyway).

import { api, ApiError } from './api.js';
import { errorView } from './errors.js';
import { h, replace, section, scroll } from './dom.js';
import { t, sekRounded, percent, integer, date, dateTime, score, unitName } from './i18n.js';

const CAPACITY_MAX = 100000;
/** Closed cases a page of the lead's list holds. */
const CLOSED_PAGE = 20;

export async function renderLead(context) {
  const unit = context.params[0];
  // every worker of the unit may read its figures; capacity and reassignment are a lead's
  const lead = context.isLead(unit);
  const [figures, claimed, closed] = await Promise.all([
    api.figures(unit, 8),
    api.claimed(unit),
    api.closed(unit, CLOSED_PAGE),
  ]);
  if (!context.alive()) {
    return;
  }
  replace(
    context.main,
    h('h1', null, t('lead.title', { unit: unitName(unit) })),
    lead ? null : h('p', { class: 'hint', id: 'not-lead' }, t('lead.notLead', { unit })),
    h(
      'div',
      { class: 'cards' },
      capacitySection(context, unit, figures, lead),
      section(
        'today',
        t('lead.today', { date: date(figures.today.date) }),
        counts('today-counts', [
          ['released', t('lead.released'), figures.today.released],
          ['claimed', t('lead.claimed'), figures.today.claimed],
          ['closed', t('lead.closed'), figures.today.closed],
        ]),
      ),
      section(
        'open',
        t('lead.open'),
        counts('open-counts', [
          ['backlog', t('lead.backlog'), figures.open.backlog],
          ['released', t('lead.released'), figures.open.released],
          ['claimed', t('lead.claimed'), figures.open.claimed],
        ]),
      ),
    ),
    section('weeks', t('lead.weeks'), h('p', { class: 'hint' }, t('lead.weeksIntro')), weeksTable(figures)),
    section(
      'claimed',
      t('lead.claimedCases') + ' (' + claimed.cases.length + ')',
      claimed.cases.length === 0
        ? h('p', { class: 'empty' }, t('lead.claimedNone'))
        : claimedTable(context, claimed.cases, lead),
    ),
    section(
      'closed',
      t('lead.closedCases'),
      h('p', { class: 'hint' }, t('lead.closedIntro')),
      closed.cases.length === 0 ? h('p', { class: 'empty' }, t('lead.closedNone')) : closedTable(context, unit, closed),
    ),
  );
}

/** The unit's closed cases, a page at a time: the button under the table appends the next page. */
function closedTable(context, unit, first) {
  const body = h('tbody', null, first.cases.map(closedRow));
  const more = h('button', { type: 'button', id: 'closed-more' }, t('lead.closedMore'));
  const error = h('p', { class: 'field-error', id: 'closed-error', hidden: true });
  let next = first.next;
  more.hidden = next === null || next === undefined;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await api.closed(unit, CLOSED_PAGE, next);
      if (!context.alive()) {
        return;
      }
      page.cases.forEach((summary) => body.append(closedRow(summary)));
      next = page.next;
      more.hidden = next === null || next === undefined;
      error.hidden = true;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        replace(error, errorView(e));
        error.hidden = false;
      }
    } finally {
      more.disabled = false;
    }
  });
  return h(
    'div',
    null,
    scroll(h(
      'table',
      { class: 'data', id: 'closed-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('col.case')),
          h('th', { scope: 'col' }, t('lead.closedAt')),
          h('th', { scope: 'col' }, t('lead.recordedBy')),
          h('th', { scope: 'col' }, t('lead.finding')),
          h('th', { scope: 'col', class: 'num' }, t('lead.incorrectSek')),
        ),
      ),
      body,
    )),
    more,
    error,
  );
}

function closedRow(summary) {
  const outcome = summary.outcome;
  const correction = outcome.correction;
  return h(
    'tr',
    { dataset: { caseId: String(summary.caseId) } },
    h('td', null, h('a', { href: '#/case/' + summary.caseId, class: 'case-link', 'aria-label': t('case.title', { caseId: summary.caseId }) }, '#' + summary.caseId)),
    h('td', null, dateTime(summary.closedAt)),
    h('td', null, outcome.recordedBy),
    h(
      'td',
      { class: 'finding' },
      outcome.incorrect ? t('lead.findingIncorrect') : t('lead.findingCorrect'),
      correction ? h('span', { class: 'sub corrected' }, ' (' + t('lead.correctedBy', { name: correction.correctedBy }) + ')') : null,
    ),
    h('td', { class: 'num' }, outcome.incorrect ? sekRounded(outcome.incorrectAmountSek) : t('none')),
  );
}

function counts(id, entries) {
  return h(
    'dl',
    { class: 'counts', id },
    entries.map(([key, label, value]) =>
      h('div', { dataset: { key } }, h('dt', null, label), h('dd', null, integer(value))),
    ),
  );
}

function capacitySection(context, unit, figures, lead) {
  const current = h('p', { class: 'big', id: 'capacity-current' }, t('lead.capacityValue', { n: integer(figures.casesPerDay) }));
  if (!lead) {
    return section('capacity-panel', t('lead.capacity'), current);
  }
  const input = h('input', {
    type: 'number',
    id: 'capacity',
    name: 'casesPerDay',
    min: '0',
    max: String(CAPACITY_MAX),
    step: '1',
    required: true,
    value: String(figures.casesPerDay),
    'aria-describedby': 'capacity-error',
  });
  const error = h('p', { class: 'field-error', id: 'capacity-error', hidden: true });
  const submit = h('button', { type: 'submit', id: 'capacity-save' }, t('lead.capacitySave'));
  const form = h(
    'form',
    { id: 'capacity-form', novalidate: true },
    current,
    h('label', { for: 'capacity' }, t('lead.capacityLabel')),
    h('div', { class: 'inline' }, input, submit),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > CAPACITY_MAX) {
      error.textContent = t('lead.capacityInvalid');
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const updated = await api.setCapacity(unit, value);
      context.flash(t('lead.capacitySaved', { n: integer(updated.casesPerDay) }));
      context.navigate('#/lead/' + unit);
    } catch (e) {
      submit.disabled = false;
      if (!(e instanceof ApiError && e.status === 401)) {
        replace(error, errorView(e));
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    }
  });
  return section('capacity-panel', t('lead.capacity'), form);
}

const GROUPS = ['modelSelected', 'randomControl'];

function weeksTable(figures) {
  const weeks = figures.weeks ?? [];
  const largestSek = Math.max(
    1,
    ...weeks.flatMap((week) => GROUPS.map((group) => week[group]?.sekPerInvestigation ?? 0)),
    ...GROUPS.map((group) => figures.total?.[group]?.sekPerInvestigation ?? 0),
  );
  const groupHeader = h(
    'tr',
    null,
    h('th', { scope: 'col', rowspan: '2' }, t('lead.week')),
    h('th', { scope: 'colgroup', colspan: '4', class: 'group model' }, t('lead.modelSelected')),
    h('th', { scope: 'colgroup', colspan: '4', class: 'group random' }, t('lead.randomControl')),
  );
  const columns = h(
    'tr',
    null,
    GROUPS.map(() => [
      h('th', { scope: 'col', class: 'num' }, t('lead.investigations')),
      h('th', { scope: 'col', class: 'num' }, t('lead.incorrectCount')),
      h('th', { scope: 'col' }, t('lead.hitRate')),
      h('th', { scope: 'col' }, t('lead.sekPerInvestigation')),
    ]),
  );
  const row = (label, sub, figuresOf, attributes) =>
    h(
      'tr',
      attributes,
      h('th', { scope: 'row' }, label, sub ? h('span', { class: 'sub' }, sub) : null),
      GROUPS.map((group) => groupCells(figuresOf[group], group, largestSek)),
    );
  return scroll(h(
    'table',
    { class: 'data figures', id: 'weeks-table' },
    h('thead', null, groupHeader, columns),
    h(
      'tbody',
      null,
      weeks.map((week) => row(week.week, t('lead.from') + ' ' + date(week.from), week, { dataset: { week: week.week } })),
    ),
    figures.total ? h('tfoot', null, row(t('lead.total'), null, figures.total, { id: 'weeks-total' })) : null,
  ));
}

function groupCells(f, group, largestSek) {
  const empty = { investigations: 0, incorrect: 0, hitRate: null, sekPerInvestigation: null };
  const figures = f ?? empty;
  return [
    h('td', { class: 'num', dataset: { group, key: 'investigations' } }, integer(figures.investigations)),
    h('td', { class: 'num', dataset: { group, key: 'incorrect' } }, integer(figures.incorrect)),
    h('td', { dataset: { group, key: 'hitRate' } }, bar(figures.hitRate, 1, percent(figures.hitRate), group)),
    h(
      'td',
      { dataset: { group, key: 'sekPerInvestigation' } },
      bar(figures.investigations > 0 ? figures.sekPerInvestigation : null, largestSek, sekRounded(figures.investigations > 0 ? figures.sekPerInvestigation : null), group),
    ),
  ];
}

/** A value with a bar of its share of largest; the bar is decoration, the text carries the value. */
function bar(value, largest, text, group) {
  const fill = h('span', { class: 'bar-fill ' + group });
  const share = value === null || value === undefined ? 0 : Math.max(0, Math.min(1, value / largest));
  fill.style.width = (share * 100).toFixed(1) + '%';
  return h('div', { class: 'metric' }, h('span', { class: 'bar', 'aria-hidden': 'true' }, fill), h('span', { class: 'value' }, text));
}

function claimedTable(context, cases, lead) {
  const assignees = [...new Set(cases.map((c) => c.assignee).filter(Boolean))].sort();
  const listId = 'assignees';
  return h(
    'div',
    null,
    lead ? h('datalist', { id: listId }, assignees.map((name) => h('option', { value: name }))) : null,
    scroll(h(
      'table',
      { class: 'data', id: 'claimed-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('col.case')),
          h('th', { scope: 'col' }, t('col.assignee')),
          h('th', { scope: 'col' }, t('col.claimedAt')),
          h('th', { scope: 'col', class: 'num' }, t('col.score')),
          h('th', { scope: 'col', class: 'num' }, t('col.expectedValue')),
          lead ? h('th', { scope: 'col' }, t('lead.reassign')) : null,
        ),
      ),
      h(
        'tbody',
        null,
        cases.map((summary) =>
          h(
            'tr',
            { dataset: { caseId: String(summary.caseId) } },
            h('td', null, h('a', { href: '#/case/' + summary.caseId, class: 'case-link', 'aria-label': t('case.title', { caseId: summary.caseId }) }, '#' + summary.caseId)),
            h('td', { class: 'assignee' }, summary.assignee ?? t('none')),
            h('td', null, dateTime(summary.claimedAt)),
            h('td', { class: 'num' }, score(summary.score)),
            h('td', { class: 'num' }, sekRounded(summary.expectedValueSek)),
            lead ? h('td', null, reassignForm(context, summary, listId)) : null,
          ),
        ),
      ),
    )),
  );
}

function reassignForm(context, summary, listId) {
  const id = 'reassign-' + summary.caseId;
  const input = h('input', { type: 'text', id, name: 'assignee', list: listId, autocomplete: 'off', size: '12', 'aria-describedby': id + '-error' });
  const error = h('span', { class: 'field-error', id: id + '-error', hidden: true });
  const submit = h('button', { type: 'submit', 'aria-label': t('lead.reassignCase', { caseId: summary.caseId }) }, t('lead.reassign'));
  const form = h(
    'form',
    { class: 'inline reassign', novalidate: true },
    h('label', { for: id, class: 'visually-hidden' }, t('lead.reassignTo', { caseId: summary.caseId })),
    input,
    submit,
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const assignee = input.value.trim();
    if (!assignee) {
      error.textContent = t('lead.reassignEmpty');
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const updated = await api.reassign(summary.caseId, assignee);
      context.flash(t('lead.reassigned', { caseId: updated.caseId, assignee: updated.assignee }));
      context.navigate('#/lead/' + summary.unit);
    } catch (e) {
      submit.disabled = false;
      if (!(e instanceof ApiError && e.status === 401)) {
        replace(error, errorView(e));
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      }
    }
  });
  return form;
}
