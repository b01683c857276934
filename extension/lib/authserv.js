// Finding the user's receiving server: the authserv-id its Authentication-Results headers
// carry (RFC 8601: the first token of the header, before the first ";"), in the user's
// recent mail, per account. The setup page offers what it finds; the user picks.

// A hostname-like token (RFC 8601 authserv-id is a "value": token or quoted string).
const AUTHSERV_ID = /^\s*"?([A-Za-z0-9][A-Za-z0-9.\-_]{0,252})"?\s*(?:[0-9]+\s*)?(?:;|$)/;

/** The authserv-id of one Authentication-Results header value, or null. */
export function authservIdOf(value) {
  if (typeof value !== "string") return null;
  const unfolded = value.replace(/\r?\n[ \t]+/g, " ").replace(/\([^()]*\)/g, " ");
  const m = AUTHSERV_ID.exec(unfolded);
  return m ? m[1].toLowerCase() : null;
}

/**
 * The authserv-ids of the topmost Authentication-Results header (the one the user's own
 * server added last) of recent messages, per account, most frequent first.
 * @returns {Promise<{authservId: string, accountId: string, accountName: string, count: number}[]>}
 */
export async function detectAuthservIds(m, { perAccount = 30 } = {}) {
  const accounts = await m.accounts.list(false);
  const found = new Map(); // `${accountId}\t${id}` -> entry
  for (const account of Array.isArray(accounts) ? accounts : []) {
    if (!account || account.type === "none" || account.type === "local") continue;
    let inboxes = [];
    try {
      inboxes = await m.folders.query({ accountId: account.id, specialUse: ["inbox"] });
    } catch (e) {
      continue;
    }
    for (const inbox of (inboxes || []).slice(0, 1)) {
      let page;
      try {
        page = await m.messages.list(inbox.id);
      } catch (e) {
        continue;
      }
      const messages = (page && Array.isArray(page.messages) ? page.messages : [])
        .slice()
        .sort((a, b) => new Date(b.date || 0) - new Date(a.date || 0))
        .slice(0, perAccount);
      for (const header of messages) {
        let full;
        try {
          full = await m.messages.getFull(header.id, { decodeContent: false });
        } catch (e) {
          continue;
        }
        const values = full && full.headers ? full.headers["authentication-results"] : null;
        const id = Array.isArray(values) && values.length ? authservIdOf(values[0]) : null;
        if (!id) continue;
        const key = `${account.id}\t${id}`;
        if (!found.has(key)) found.set(key, { authservId: id, accountId: account.id, accountName: String(account.name || ""), count: 0 });
        found.get(key).count += 1;
      }
    }
  }
  return [...found.values()].sort((a, b) => b.count - a.count || a.authservId.localeCompare(b.authservId));
}
