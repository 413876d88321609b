// Drafts of what an investigator types on a case (the note, the outcome form), kept in this tab's
// sessionStorage until they are saved: a lost token, a page left with q or a link, or a reload
// must not discard them. Each draft names its author, so that a draft is offered back only to the
// user who wrote it (two users may log in one after the other in one tab).

const PREFIX = 'korrekt.draft.';

function key(kind, caseId) {
  return PREFIX + kind + '.' + caseId;
}

function read(kind, caseId, subject) {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key(kind, caseId)) ?? 'null');
    return stored && stored.subject === subject ? stored.value : null;
  } catch {
    return null;
  }
}

function write(kind, caseId, subject, value) {
  try {
    if (value === null || value === undefined) {
      sessionStorage.removeItem(key(kind, caseId));
    } else {
      sessionStorage.setItem(key(kind, caseId), JSON.stringify({ subject, value }));
    }
  } catch {
    // storage full or refused: the draft lives on the page only
  }
}

export const drafts = {
  /** The note being written on a case, or null. */
  note: (caseId, subject) => read('note', caseId, subject),
  setNote: (caseId, subject, text) => write('note', caseId, subject, text && text.trim() ? text : null),
  /** The outcome form's values on a case ({incorrect, amount, prevented, cause, actions, intentional, police}), or null. */
  outcome: (caseId, subject) => read('outcome', caseId, subject),
  setOutcome: (caseId, subject, values) => write('outcome', caseId, subject, values),
  /** Whether the tab holds a draft on any case. */
  any() {
    for (let i = 0; i < sessionStorage.length; i++) {
      if (sessionStorage.key(i)?.startsWith(PREFIX)) {
        return true;
      }
    }
    return false;
  },
};
