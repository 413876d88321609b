// The control units' web UI: a single page with hash routes.
//   #/login          paste a token, see who you are, pick a unit
//   #/queue/{unit}   the unit's queue, my cases, claim the next case
//   #/case/{id}      one case: the decision explained, notes, audit trail, release, outcome
//   #/lead/{unit}    a lead's figures, capacity and reassignment
// Everything is built with createElement and textContent (dom.js): the data holds free text.

import { api, session, onUnauthenticated, ApiError } from './api.js';
import { h, replace, labelRegions } from './dom.js';
import { t, currentLanguage, setLanguage, dateTime } from './i18n.js';
import { renderLogin } from './login.js';
import { renderQueue } from './queue.js';
import { renderCase } from './case.js';
import { renderLead } from './lead.js';
import { errorView, serverSaid } from './errors.js';

// Script errors are kept where a browser test can read them, as well as logged.
window.__korrekt = { errors: [] };
window.addEventListener('error', (event) => window.__korrekt.errors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => window.__korrekt.errors.push(String(event.reason)));

/** A unit's code, as the service's queue settings allow it (QueueSettings): "tfp", "family-1". */
const UNIT = '([a-z][a-z0-9-]{0,39})';

const ROUTES = [
  { pattern: /^#\/login$/, view: 'login', render: renderLogin, needsLogin: false },
  { pattern: new RegExp('^#/queue/' + UNIT + '$'), view: 'queue', render: renderQueue, needsLogin: true },
  { pattern: /^#\/case\/(\d+)$/, view: 'case', render: renderCase, needsLogin: true },
  { pattern: new RegExp('^#/lead/' + UNIT + '$'), view: 'lead', render: renderLead, needsLogin: true },
];

const state = {
  me: null,
  /** Counts renders, so that a slow answer for a page already left is dropped. */
  generation: 0,
  /** The current view's single-key shortcuts, e.g. {j: fn, k: fn, c: fn}. */
  keys: {},
  /** A message to show on the next page (after a claim or an outcome, a logout). */
  flash: null,
  loggingIn: false,
  /** Runs once the next page has rendered, before the focus moves to its heading (or instead). */
  afterRender: null,
};

const main = document.getElementById('main');
const status = document.getElementById('status');

/** How long before the token expires the page warns. */
const EXPIRY_WARNING_MS = 10 * 60 * 1000;
let expiryTimer = null;

/** The warning that the token expires soon: shown from EXPIRY_WARNING_MS before, until logout. */
function sessionWarning() {
  let box = document.getElementById('session-warning');
  if (!box) {
    box = h('div', { id: 'session-warning', class: 'session-warning', role: 'alert', hidden: true });
    status.after(box);
  }
  return box;
}

function renderExpiryWarning() {
  const box = sessionWarning();
  const expiresAt = state.me?.expiresAt ? Date.parse(state.me.expiresAt) : Number.NaN;
  clearTimeout(expiryTimer);
  expiryTimer = null;
  if (!state.me || Number.isNaN(expiresAt)) {
    box.hidden = true;
    replace(box);
    return;
  }
  const wait = expiresAt - EXPIRY_WARNING_MS - Date.now();
  if (wait > 0) {
    box.hidden = true;
    replace(box);
    expiryTimer = setTimeout(renderExpiryWarning, Math.min(wait, 2 ** 31 - 1));
    return;
  }
  const key = expiresAt <= Date.now() ? 'login.expiredAt' : 'login.expiresSoon';
  replace(box, h('p', { class: 'message warning' }, t(key, { time: dateTime(state.me.expiresAt) })));
  box.hidden = false;
  if (expiresAt > Date.now()) {
    expiryTimer = setTimeout(renderExpiryWarning, Math.min(expiresAt - Date.now() + 1000, 2 ** 31 - 1));
  }
}

/** Whether the signed-in user leads unit: an admin leads every unit, a lead its own. */
function isLead(unit) {
  const me = state.me;
  if (!me) {
    return false;
  }
  return me.roles.includes('admin') || (me.roles.includes('lead') && me.units.includes(unit));
}

/**
 * Whether the signed-in user may work unit (claim, write notes, record outcomes): an admin every
 * unit, an investigator or lead their own. An auditor reads every unit and changes nothing.
 */
function mayWork(unit) {
  const me = state.me;
  if (!me) {
    return false;
  }
  return me.roles.includes('admin') || (['investigator', 'lead'].some((role) => me.roles.includes(role)) && me.units.includes(unit));
}

function navigate(hash) {
  if (location.hash === hash) {
    render();
  } else {
    location.hash = hash;
  }
}

/** Shows a message in the page's status line: kind 'info', 'success' or 'error'. */
function notify(message, kind = 'info') {
  replace(status, message ? h('p', { class: 'message ' + kind }, message) : null);
  status.dataset.kind = kind;
}

function flash(message, kind = 'success') {
  state.flash = { message, kind };
}

/** Logs out on a 401 anywhere, with the service's reason. */
onUnauthenticated((error) => {
  if (state.loggingIn) {
    return; // the login form reports it itself
  }
  if (!state.me && !session.token()) {
    return; // logged out already, by an earlier 401 of the same page (its requests run side by side)
  }
  session.setReturnTo(location.hash); // back here after logging in again; drafts are kept (drafts.js)
  session.clear();
  state.me = null;
  renderExpiryWarning();
  flash([t('login.expired'), ' ', serverSaid(error)], 'error');
  navigate('#/login');
});

function logout() {
  session.clear();
  state.me = null;
  renderExpiryWarning();
  flash(t('login.loggedOut'), 'info');
  navigate('#/login');
}

async function loadMe() {
  if (!state.me && session.token()) {
    state.me = await api.me();
  }
  return state.me;
}

function renderChrome(route, params) {
  document.title = t('app.title');
  document.getElementById('brand-sub').textContent = t('app.sub');
  const skip = document.getElementById('skip-link');
  skip.textContent = t('skip');

  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  const unit = route && route.view !== 'login' ? currentUnit(route, params) : session.unit();
  const links = [];
  if (state.me && unit) {
    links.push(navLink('#/queue/' + unit, t('nav.queue') + ' (' + unit + ')', route?.view === 'queue'));
    links.push(navLink('#/lead/' + unit, t('nav.lead'), route?.view === 'lead'));
  }
  if (state.me) {
    links.push(navLink('#/login', t('nav.units'), route?.view === 'login'));
  }
  replace(nav, links.length ? h('ul', null, links.map((link) => h('li', null, link))) : null);

  const sessionBox = document.getElementById('session');
  replace(
    sessionBox,
    state.me ? h('span', { class: 'who', id: 'who' }, t('signedInAs', { subject: state.me.subject })) : null,
    h(
      'button',
      {
        type: 'button',
        class: 'quiet',
        id: 'language-toggle',
        lang: currentLanguage() === 'sv' ? 'en' : 'sv',
        'aria-label': t('language.toggleLabel'),
        onclick: () => {
          setLanguage(currentLanguage() === 'sv' ? 'en' : 'sv');
          render().then(() => document.getElementById('language-toggle')?.focus());
        },
      },
      t('language.toggle'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'quiet',
        id: 'help-button',
        'aria-haspopup': 'dialog',
        title: t('help.button') + ' (?)',
        onclick: openHelp,
      },
      t('help.button'),
    ),
    state.me ? h('button', { type: 'button', class: 'quiet', id: 'logout', onclick: logout }, t('logout')) : null,
  );
}

function navLink(href, text, current) {
  return h('a', { href, 'aria-current': current ? 'page' : null }, text);
}

/** The unit a page is about: the route's own, or for a case page the unit remembered. */
function currentUnit(route, params) {
  if (route.view === 'queue' || route.view === 'lead') {
    return params[0];
  }
  return session.unit();
}

function openHelp() {
  const dialog = document.getElementById('help');
  const rows = [
    ['j', t('help.j')],
    ['k', t('help.k')],
    ['Enter', t('help.enter')],
    ['c', t('help.c')],
    ['q', t('help.q')],
    ['?', t('help.question')],
    ['Esc', t('help.escape')],
  ];
  replace(
    dialog,
    h('h2', { id: 'help-title' }, t('help.title')),
    h(
      'dl',
      { class: 'keys' },
      rows.map(([key, text]) => h('div', null, h('dt', null, h('kbd', null, key)), h('dd', null, text))),
    ),
    h('p', { class: 'hint' }, t('help.note')),
    h(
      'div',
      { class: 'choice' },
      h('input', {
        type: 'checkbox',
        id: 'shortcuts-enabled',
        checked: shortcutsOn(),
        onchange: (event) => setShortcuts(event.target.checked),
      }),
      h('label', { for: 'shortcuts-enabled' }, t('help.shortcutsSetting')),
    ),
    h(
      'form',
      { method: 'dialog' },
      h('button', { type: 'submit', id: 'help-close', autofocus: true }, t('help.close')),
    ),
  );
  if (!dialog.open) {
    dialog.showModal();
  }
}

const SHORTCUTS_KEY = 'korrekt.shortcuts';

/** Whether the single-key shortcuts are on (a setting in the help dialog, kept in localStorage; WCAG 2.1.4). */
function shortcutsOn() {
  try {
    return localStorage.getItem(SHORTCUTS_KEY) !== 'off';
  } catch {
    return true;
  }
}

function setShortcuts(on) {
  try {
    localStorage.setItem(SHORTCUTS_KEY, on ? 'on' : 'off');
  } catch {
    // not kept: on for this page only
  }
  document.body.dataset.shortcuts = on ? 'on' : 'off';
}

function isTyping(target) {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
    return;
  }
  if (document.getElementById('help').open) {
    return; // the dialog closes itself on Escape
  }
  if (!shortcutsOn()) {
    return; // turned off in the help dialog: every key does what the browser does
  }
  if (event.key === '?') {
    event.preventDefault();
    openHelp();
    return;
  }
  if (event.key === 'q' && state.me && session.unit()) {
    event.preventDefault();
    navigate('#/queue/' + session.unit());
    return;
  }
  const action = state.keys[event.key];
  if (action) {
    event.preventDefault();
    action(event);
  }
});

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault(); // '#main' is not a route
  main.focus();
});

function renderError(error) {
  const text = errorView(error);
  if (!(error instanceof ApiError)) {
    console.error(error);
  }
  const heading = h('h1', { tabindex: '-1' }, t('error.title'));
  replace(main, heading, h('p', { class: 'message error', role: 'alert', id: 'page-error' }, text));
  heading.focus({ preventScroll: true });
}

async function render() {
  const generation = ++state.generation;
  const hash = location.hash || '';
  let route = null;
  let params = [];
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(hash);
    if (match) {
      route = candidate;
      params = match.slice(1);
      break;
    }
  }
  state.keys = {};
  // for tests and tools: which render this is, and whether it has finished
  document.body.dataset.render = String(generation);
  document.body.dataset.state = 'loading';
  document.body.dataset.view = route ? route.view : 'none';

  const message = state.flash;
  state.flash = null;
  notify(message ? message.message : '', message ? message.kind : 'info');

  try {
    if (session.token()) {
      await loadMe();
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return; // logged out by the listener, which renders the login page
    }
    renderChrome(route, params);
    renderError(error);
    document.body.dataset.state = 'error';
    return;
  }
  if (generation !== state.generation) {
    return;
  }
  if (!route) {
    const unit = session.unit();
    navigate(state.me && unit ? '#/queue/' + unit : '#/login');
    return;
  }
  if (route.needsLogin && !state.me) {
    session.setReturnTo(hash); // a link opened in a new tab: there after logging in
    navigate('#/login');
    return;
  }
  if (route.view === 'queue' || route.view === 'lead') {
    session.setUnit(params[0]);
  }
  renderChrome(route, params);
  renderExpiryWarning();
  replace(main, h('p', { class: 'loading' }, t('loading')));

  const context = {
    me: state.me,
    params,
    main,
    isLead,
    mayWork,
    navigate,
    notify,
    flash,
    /** Whether this render is still the current page. */
    alive: () => generation === state.generation,
    setKeys: (keys) => {
      if (generation === state.generation) {
        state.keys = keys;
      }
    },
    loggingIn: (value) => {
      state.loggingIn = value;
    },
    signedIn: (me) => {
      state.me = me;
      renderChrome(route, params);
    },
    unitOf: () => session.unit(),
    afterRender: (fn) => {
      state.afterRender = fn;
    },
  };
  try {
    await route.render(context);
    if (generation !== state.generation) {
      return;
    }
    labelRegions(main);
    const after = state.afterRender;
    state.afterRender = null;
    if (after) {
      after();
    }
    document.body.dataset.state = 'ready';
    if (!main.contains(document.activeElement) || document.activeElement === main) {
      const heading = main.querySelector('h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
    }
  } catch (error) {
    if (generation !== state.generation || (error instanceof ApiError && error.status === 401)) {
      return;
    }
    renderError(error);
    document.body.dataset.state = 'error';
  }
}

setLanguage(currentLanguage());
document.body.dataset.shortcuts = shortcutsOn() ? 'on' : 'off';
window.addEventListener('hashchange', render);
render();
