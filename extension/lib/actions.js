// What the user can do about a mail from the bars and the panel: mark it as junk (and
// move it to the account's Junk folder), delete it (to the Trash, as Thunderbird's own
// Delete does), or open a forward-as-attachment draft to the report addresses. Nothing
// is sent by Honmono: the user reviews the draft and presses Send.
//
// Shared with the arrival check (lib/arrival*.js), which imports these three functions.

import { normalizeMessageList } from "./message-list.js";

const api = () => globalThis.messenger || globalThis.browser;

/** {ok: true, ...} or {ok: false, reason} — a reason is a code the UI turns into words. */
const fail = (reason, extra = {}) => ({ ok: false, reason, ...extra });

function ids(messageIds) {
  const list = (Array.isArray(messageIds) ? messageIds : [messageIds]).filter((id) => Number.isInteger(id));
  return [...new Set(list)];
}

// The name Thunderbird itself gives the Junk folder it creates for an account that has none
// (its junk controls' default target, "<account>/Junk"): a folder name, not words for the user.
export const JUNK_FOLDER_NAME = "Junk";

// One creation per account at a time: two batches moving phishing of the same POP account
// must not both create the folder.
const creating = new Map(); // accountId -> Promise<MailFolder|null>

/** A top-level folder of the account named like Thunderbird's own Junk folder, or null. */
async function namedJunkFolder(accountId, m) {
  const found = await m.folders.query({ accountId, path: `/${JUNK_FOLDER_NAME}` });
  return (Array.isArray(found) ? found : []).find((f) => f && f.path === `/${JUNK_FOLDER_NAME}`) || null;
}

/** Create the account's Junk folder at its top level (POP and Local Folders start without one). */
async function createJunkFolder(accountId, m) {
  if (!creating.has(accountId)) {
    const made = (async () => {
      const existing = await namedJunkFolder(accountId, m);
      if (existing) return existing;
      const account = await m.accounts.get(accountId);
      const root = account && account.rootFolder;
      if (!root || !root.id) return null;
      try {
        return await m.folders.create(root.id, JUNK_FOLDER_NAME);
      } catch (e) {
        // Created meanwhile by Thunderbird's junk controls, or the account cannot hold folders.
        return namedJunkFolder(accountId, m);
      }
    })().finally(() => creating.delete(accountId));
    creating.set(accountId, made);
  }
  return creating.get(accountId);
}

/**
 * The Junk folder of an account (specialUse "junk"; else a top-level folder named Junk), or
 * null when it has none. With `create`, an account without one gets a top-level `Junk`
 * folder, as Thunderbird's own junk handling does (needs the accountsFolders permission).
 */
export async function junkFolderOf(accountId, m = api(), { create = false } = {}) {
  if (m.folders && typeof m.folders.query === "function") {
    const found = await m.folders.query({ accountId, specialUse: ["junk"] });
    if (Array.isArray(found) && found.length > 0) return found[0];
    const named = await namedJunkFolder(accountId, m);
    if (named) return named;
    if (create && typeof m.folders.create === "function" && m.accounts && typeof m.accounts.get === "function") {
      return createJunkFolder(accountId, m);
    }
    return null;
  }
  // Older API: walk the account's folder tree.
  const account = await m.accounts.get(accountId, true);
  const stack = [...(account && Array.isArray(account.folders) ? account.folders : [])];
  while (stack.length) {
    const f = stack.shift();
    if (f && Array.isArray(f.specialUse) && f.specialUse.includes("junk")) return f;
    if (f && Array.isArray(f.subFolders)) stack.push(...f.subFolders);
  }
  return null;
}

/**
 * Mark the messages as junk (Thunderbird's junk training learns from it) and move each to
 * its own account's Junk folder. A message already in Junk is only marked; an account
 * without a Junk folder (POP, Local Folders) gets one named Junk; one that cannot have it
 * is reported, and its messages stay where they are (marked as junk): never deleted.
 * `userAction`: false for the arrival option's automatic moves (Thunderbird's undo and
 * folder history follow the user's own moves only).
 * `remarked`: how many moved copies were found in Junk and marked again.
 * @returns {Promise<{ok: boolean, marked: number[], moved: number[], noJunkFolder: number[], remarked: number, reason?: string}>}
 */
export async function moveToJunk(messageIds, m = api(), { userAction = true } = {}) {
  const list = ids(messageIds);
  if (list.length === 0) return fail("no_message", { marked: [], moved: [], noJunkFolder: [] });
  // Marked all at once: each mark is its own round trip to the mail store.
  const headers = await Promise.all(list.map(async (id) => {
    const header = await m.messages.get(id);
    await m.messages.update(id, { junk: true });
    return header;
  }));
  const byAccount = new Map();
  for (const [i, id] of list.entries()) {
    const folder = headers[i] && headers[i].folder;
    if (folder && Array.isArray(folder.specialUse) && folder.specialUse.includes("junk")) continue;
    if (folder && folder.path === `/${JUNK_FOLDER_NAME}`) continue;
    const accountId = folder ? folder.accountId : null;
    if (!byAccount.has(accountId)) byAccount.set(accountId, []);
    byAccount.get(accountId).push(id);
  }
  const moved = [];
  const noJunkFolder = [];
  let remarked = 0;
  for (const [accountId, items] of byAccount) {
    let junk = null;
    try {
      junk = accountId ? await junkFolderOf(accountId, m, { create: true }) : null;
    } catch (e) {
      junk = null; // reported below as no_junk_folder
    }
    if (!junk) {
      noJunkFolder.push(...items);
      continue;
    }
    await m.messages.move(items, junk.id, { isUserAction: userAction });
    moved.push(...items);
    remarked += await markAgainInJunk(items.map((id) => headers[list.indexOf(id)]), junk, m);
  }
  const marked = list;
  if (noJunkFolder.length) return { ...fail("no_junk_folder"), marked, moved, noJunkFolder, remarked };
  return { ok: true, marked, moved, noJunkFolder, remarked };
}

// How long to look for a moved message in the Junk folder: for IMAP its header appears there
// once Thunderbird has the server's answer to the move (well under a second on a loaded
// 2-core machine); past this, the first mark is all there is.
const MOVED_LOOKUP_DELAYS_MS = Object.freeze([0, 50, 100, 200, 400, 800]);

/**
 * Mark as junk again the moved copies in the Junk folder. For IMAP the first mark's STORE
 * and the move's COPY may run on two connections in either order: when the COPY runs first,
 * the server's copy (what the user's other devices and the server's own filters see) lacks
 * the Junk keyword and Thunderbird's copy lacks the junk score (caught by the arrival e2e
 * test about once in ten runs under load). A moved message has a new id: it is found by its
 * Message-ID in the Junk folder. A best effort: the move itself is done. Returns how many
 * copies were marked.
 */
async function markAgainInJunk(headers, junk, m) {
  if (typeof m.messages.query !== "function") return 0;
  let count = 0;
  let wanted = new Set(headers.map((h) => h && h.headerMessageId).filter(Boolean));
  for (const delay of MOVED_LOOKUP_DELAYS_MS) {
    if (wanted.size === 0) break;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const left = new Set();
    for (const mid of wanted) {
      let copies = null;
      // By folder where Thunderbird's query knows folderId, else across folders (the folder
      // checked here either way).
      for (const query of [{ folderId: junk.id, headerMessageId: mid }, { headerMessageId: mid }]) {
        try {
          copies = normalizeMessageList(await m.messages.query(query))
            .filter((c) => c.folder && c.folder.id === junk.id && c.headerMessageId === mid);
          break;
        } catch (e) {
          // an unknown query property: the next form
        }
      }
      if (copies === null) continue; // this Thunderbird cannot look it up: the first mark stays
      if (copies.length === 0) left.add(mid);
      for (const copy of copies) {
        try {
          await m.messages.update(copy.id, { junk: true });
          count += 1;
        } catch (e) {
          // moved on again meanwhile (the user, a filter)
        }
      }
    }
    wanted = left;
  }
  return count;
}

/** Thunderbird's Delete: to the Trash (or as the account's deletion setting says), never permanently. */
export async function deleteMessages(messageIds, m = api()) {
  const list = ids(messageIds);
  if (list.length === 0) return fail("no_message");
  await m.messages.delete(list, { deletePermanently: false });
  return { ok: true, deleted: list };
}

/**
 * A draft forwarding the message as an attachment to the report addresses (the host's
 * brand data, in its pong). The user reviews it and presses Send.
 * @param {number} messageId
 * @param {string[]} reportTo addresses
 */
export async function openReportDraft(messageId, reportTo, m = api()) {
  if (!Number.isInteger(messageId)) return fail("no_message");
  const to = (Array.isArray(reportTo) ? reportTo : [reportTo]).filter((a) => typeof a === "string" && /^[^\s@<>]+@[^\s@<>]+$/.test(a));
  if (to.length === 0) return fail("no_report_address");
  const tab = await m.compose.beginForward(messageId, "forwardAsAttachment", { to });
  return { ok: true, tabId: tab && typeof tab.id === "number" ? tab.id : null, to };
}
