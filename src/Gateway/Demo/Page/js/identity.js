// User and room identities as JSIP writes them, and how the page shows them.

/** The realm user ids and room ids live in when the user types a bare name. */
export const REALM = 'gortc.com';

/** `alex` → `alex@gortc.com`; an id that names its host is kept as it is. */
export function normaliseUserId(text) {
  const id = text.trim();
  if (id.length === 0) {
    return '';
  }
  return id.includes('@') ? id : `${id}@${REALM}`;
}

/** A room name (`lobby`) → its room id (`room:lobby@gortc.com`), the Request-URI and `To` of every room request. */
export function roomId(name) {
  return `room:${name.trim()}@${REALM}`;
}

/** The part of an id before `@`: how people are shown. */
export function displayName(id) {
  const at = id.indexOf('@');
  return at > 0 ? id.slice(0, at) : id;
}

/** One or two letters for an avatar. */
export function initials(id) {
  const words = displayName(id).split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 && /^\p{L}/u.test(words[1]) ? words[0][0] + words[1][0] : (words[0] ?? '?')[0];
  return letters.toUpperCase();
}

const AVATAR_COLOURS = ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#db2777', '#7c3aed', '#0d9488', '#ea580c'];

/** The same colour for the same id on every page. */
export function avatarColour(id) {
  let hash = 0;
  for (const char of id.toLowerCase()) {
    hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  }
  return AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
}

const SUGGESTED_NAMES = ['Alex', 'Bob', 'Carol', 'Dana', 'Eli', 'Fran', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kim', 'Lee'];

/** A fresh id to suggest, different enough between two windows that they do not take over each other's connection. */
export function suggestUserId() {
  const name = SUGGESTED_NAMES[Math.floor(Math.random() * SUGGESTED_NAMES.length)];
  return `${name}-${Math.floor(10 + Math.random() * 90)}@${REALM}`;
}
