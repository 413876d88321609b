// The JSON API under /v1, with the bearer token from the session. A 401 anywhere logs out.

const TOKEN_KEY = 'korrekt.token';
const UNIT_KEY = 'korrekt.unit';
const RETURN_KEY = 'korrekt.returnTo';

/** An error response, {"error": {"code", "message", "field"}}, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field ?? null;
  }
}

let unauthenticatedListener = () => {};

/** Called with the ApiError when the service answers 401: the token is gone or no longer valid. */
export function onUnauthenticated(listener) {
  unauthenticatedListener = listener;
}

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  setToken(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  unit() {
    return sessionStorage.getItem(UNIT_KEY);
  },
  setUnit(unit) {
    sessionStorage.setItem(UNIT_KEY, unit);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(UNIT_KEY);
  },
  /** The page to return to after logging in (a lost token, a link opened in a new tab): a route's hash. */
  setReturnTo(hash) {
    if (hash && hash.startsWith('#/') && hash !== '#/login') {
      sessionStorage.setItem(RETURN_KEY, hash);
    }
  },
  /** The page to return to, once: it is forgotten as it is read. */
  takeReturnTo() {
    const hash = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
    return hash;
  },
};

/**
 * Calls the API: method and path under /v1, and a body to send as JSON (omit for none).
 * Resolves to the parsed response, or rejects with an ApiError.
 */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = session.token();
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  const init = { method, headers, cache: 'no-store', credentials: 'omit' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch('/v1' + path, init);
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e.message);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (response.ok) {
    return json;
  }
  const error = (json && json.error) || {};
  const failure = new ApiError(
    response.status,
    error.code || 'HTTP_' + response.status,
    error.message || response.statusText || 'HTTP ' + response.status,
    error.field,
  );
  if (response.status === 401) {
    unauthenticatedListener(failure);
  }
  throw failure;
}

export const api = {
  me: () => call('GET', '/me'),
  units: () => call('GET', '/queues'),
  queue: (unit, limit = 50) => call('GET', '/queues/' + encodeURIComponent(unit) + '?limit=' + limit),
  claimed: (unit) => call('GET', '/queues/' + encodeURIComponent(unit) + '/claimed'),
  closed: (unit, limit, before) =>
    call(
      'GET',
      '/queues/' + encodeURIComponent(unit) + '/closed?limit=' + limit + (before ? '&before=' + encodeURIComponent(before) : ''),
    ),
  claim: (unit) => call('POST', '/queues/' + encodeURIComponent(unit) + '/claim', {}),
  figures: (unit, weeks = 8) => call('GET', '/queues/' + encodeURIComponent(unit) + '/figures?weeks=' + weeks),
  setCapacity: (unit, casesPerDay) =>
    call('PUT', '/queues/' + encodeURIComponent(unit) + '/capacity', { casesPerDay }),
  caseDetail: (id) => call('GET', '/cases/' + encodeURIComponent(id)),
  release: (id) => call('POST', '/cases/' + encodeURIComponent(id) + '/release', {}),
  reassign: (id, assignee) => call('POST', '/cases/' + encodeURIComponent(id) + '/reassign', { assignee }),
  addNote: (id, body) => call('POST', '/cases/' + encodeURIComponent(id) + '/notes', { body }),
  recordOutcome: (id, outcome) => call('POST', '/cases/' + encodeURIComponent(id) + '/outcome', outcome),
  correctOutcome: (id, correction) => call('POST', '/cases/' + encodeURIComponent(id) + '/corrections', correction),
};
