// Log in by pasting a bearer token; then who you are, and the control units you may work.

import { api, session, ApiError } from './api.js';
import { h, replace, facts } from './dom.js';
import { t, tOr, unitName, dateTime } from './i18n.js';
import { errorView, serverSaid } from './errors.js';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export async function renderLogin(context) {
  if (context.me) {
    await renderSignedIn(context);
    return;
  }
  const error = h('p', { class: 'message error', id: 'login-error', role: 'alert', hidden: true });
  const token = h('textarea', {
    id: 'token',
    name: 'token',
    rows: '5',
    required: true,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    'aria-describedby': 'login-intro login-error',
  });
  const submit = h('button', { type: 'submit', id: 'login-submit', class: 'primary' }, t('login.submit'));
  const form = h(
    'form',
    { id: 'login-form', class: 'panel narrow', novalidate: true },
    h('p', { id: 'login-intro' }, t('login.intro')),
    h('p', null, h('code', null, './korrekt token --role investigator --unit tfp')),
    h('label', { for: 'token' }, t('login.token')),
    token,
    error,
    h('div', { class: 'buttons' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = token.value.replace(/\s+/g, '').replace(/^Bearer/i, '');
    const show = (message) => {
      replace(error, message);
      error.hidden = false;
      token.setAttribute('aria-invalid', 'true');
      token.focus();
    };
    if (!value) {
      show(t('login.empty'));
      return;
    }
    if (!JWT_SHAPE.test(value)) {
      show(t('login.malformed'));
      return;
    }
    submit.disabled = true;
    session.setToken(value);
    context.loggingIn(true);
    try {
      const me = await api.me();
      context.signedIn(me);
      // back to the page the user was on when the token was lost, or the link they opened;
      // else who you are, and the units to pick from
      context.navigate(session.takeReturnTo() ?? '#/login');
    } catch (e) {
      session.clear();
      if (e instanceof ApiError && e.status === 401) {
        show([t('login.refused'), ' ', serverSaid(e)]);
      } else {
        show(errorView(e));
      }
    } finally {
      context.loggingIn(false);
      submit.disabled = false;
    }
  });
  replace(context.main, h('h1', null, t('login.title')), form);
  token.focus();
}

/**
 * The units to offer: of this instance's units (GET /v1/queues), every one to an admin whose token
 * names none and to an auditor (who reads every unit; the service refuses an auditor's changes),
 * else those the token names. A token without a work or auditor role may open no queue.
 */
async function unitsOf(me) {
  if (!['investigator', 'lead', 'auditor', 'admin'].some((role) => me.roles.includes(role))) {
    return [];
  }
  const { units } = await api.units();
  const every = (me.roles.includes('admin') && me.units.length === 0) || me.roles.includes('auditor');
  return every ? units : units.filter((unit) => me.units.includes(unit));
}

async function renderSignedIn(context) {
  const me = context.me;
  const units = await unitsOf(me);
  if (!context.alive()) {
    return;
  }
  const roles = me.roles.map((role) => tOr('role.' + role, role)).join(', ');
  replace(
    context.main,
    h('h1', null, t('login.who', { subject: me.subject })),
    h(
      'section',
      { class: 'panel narrow', id: 'me', 'aria-labelledby': 'units-title' },
      facts([
        [t('login.subject'), me.subject],
        [t('login.roles'), roles],
        me.expiresAt ? [t('login.expires'), dateTime(me.expiresAt)] : null,
      ]),
      h('h2', { id: 'units-title' }, t('login.pickUnit')),
      units.length === 0
        ? h('p', { class: 'message info' }, t('login.noUnits'))
        : h(
            'ul',
            { class: 'units', id: 'units' },
            units.map((unit) =>
              h(
                'li',
                null,
                h('a', { href: '#/queue/' + unit, class: 'unit-link', dataset: { unit } }, unitName(unit)),
                h('a', { href: '#/lead/' + unit, class: 'lead-link' }, t('nav.lead')),
              ),
            ),
          ),
    ),
  );
}
