// Errors as the user reads them: the service's codes and statuses in the UI's language. The
// service's own message is English; where it is shown at all it follows, marked lang="en".

import { ApiError } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

/** The service's refusal of a text that holds a personal identity number (CaseJson.text). */
const IDENTITY_NUMBER = /personal identity number/i;

/** The i18n key for an error. */
export function errorKey(e) {
  if (!(e instanceof ApiError)) {
    return 'error.unexpected';
  }
  if (e.status === 0) {
    return 'error.network';
  }
  if (e.code === 'INVALID_FIELD' && IDENTITY_NUMBER.test(e.message ?? '')) {
    return 'error.identityNumber';
  }
  switch (e.code) {
    case 'MISSING_FIELD':
    case 'INVALID_FIELD':
    case 'OUT_OF_RANGE':
    case 'UNKNOWN_FIELD':
    case 'INVALID_PARAMETER':
      return 'error.invalid';
    case 'RATE_LIMITED':
      return 'error.rateLimited';
    case 'UNAVAILABLE':
      return 'error.unavailable';
    default:
      break;
  }
  switch (e.status) {
    case 401:
      return 'error.unauthenticated';
    case 403:
      return 'error.forbiddenAction';
    case 404:
      return 'error.notFoundThing';
    case 409:
      return 'error.conflict';
    case 429:
      return 'error.rateLimited';
    case 503:
      return 'error.unavailable';
    default:
      return 'error.other';
  }
}

/** The error as text in the UI's language, without the service's message. */
export function errorText(e) {
  return t(errorKey(e), { code: e?.code ?? e?.name ?? 'Error', field: e?.field ?? '' });
}

/**
 * The error for the page: the translated text, then (but for a network failure and the
 * identity-number refusal, which the text says in full) the service's message marked lang="en".
 */
export function errorView(e) {
  const text = errorText(e);
  const key = errorKey(e);
  if (!(e instanceof ApiError) || e.status === 0 || key === 'error.identityNumber' || !e.message) {
    return text;
  }
  return [
    text,
    ' ',
    h('span', { class: 'server-message' }, t('error.serviceSaid'), ' ', h('q', { lang: 'en' }, e.message)),
  ];
}

/** Only the service's own message, marked lang="en" ("The service said: ..."), or null. */
export function serverSaid(e) {
  if (!(e instanceof ApiError) || e.status === 0 || !e.message) {
    return null;
  }
  return h('span', { class: 'server-message' }, t('error.serviceSaid'), ' ', h('q', { lang: 'en' }, e.message));
}
