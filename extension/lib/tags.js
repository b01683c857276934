// Honmono's own Thunderbird tags (messages.tags): Thunderbird's tag column, colours and
// Quick Filter show and filter them, with no UI of ours. Only these three keys are ever
// added or removed; the user's own tags on a message are kept as they are.

export const TAGS = Object.freeze({
  phishing: Object.freeze({ key: "honmono_phishing", color: "#C62828", name: "tagPhishing" }),
  suspicious: Object.freeze({ key: "honmono_suspicious", color: "#F9A825", name: "tagSuspicious" }),
  genuine: Object.freeze({ key: "honmono_genuine", color: "#2E7D32", name: "tagGenuine" }),
});

const OUR_KEYS = new Set(Object.values(TAGS).map((tag) => tag.key));

/**
 * Create the tags that do not exist yet, and rename ours to the UI language `t` speaks.
 * @param {object} tagsApi messages.tags
 * @param {(key: string) => string} t translator
 */
export async function ensureTags(tagsApi, t) {
  const existing = new Map();
  for (const tag of (await tagsApi.list()) || []) {
    if (tag && typeof tag.key === "string") existing.set(tag.key.toLowerCase(), tag);
  }
  for (const spec of Object.values(TAGS)) {
    const name = t(spec.name);
    const have = existing.get(spec.key);
    if (!have) {
      await tagsApi.create(spec.key, name, spec.color);
    } else if (have.tag !== name) {
      // The user may have recoloured it: only the name follows the language.
      await tagsApi.update(spec.key, { tag: name });
    }
  }
}

/** The tag key for a verdict, or null (not Amazon, or genuine when green tags are off). */
export function tagFor(verdict, { tagGenuine = true } = {}) {
  if (verdict === "genuine" && !tagGenuine) return null;
  return verdict in TAGS ? TAGS[verdict].key : null;
}

/**
 * Put the verdict's tag on a message, replacing an earlier Honmono tag; returns whether the
 * message was changed. A message without our tag whose verdict has none is not touched.
 * @param {object} messagesApi messages (get, update)
 */
export async function applyVerdictTag(messagesApi, messageId, verdict, options = {}) {
  const want = tagFor(verdict, options);
  const header = await messagesApi.get(messageId);
  const current = Array.isArray(header && header.tags) ? header.tags : [];
  const kept = current.filter((k) => !OUR_KEYS.has(String(k).toLowerCase()));
  const next = want ? [...kept, want] : kept;
  if (next.length === current.length && next.every((k, i) => k === current[i])) return false;
  await messagesApi.update(messageId, { tags: next });
  return true;
}
