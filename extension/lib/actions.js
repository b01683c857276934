// What the user (or the arrival option) does with a message Honmono judged. Nothing here
// deletes a message for good.

const defaultApi = () => globalThis.messenger || globalThis.browser;

/** The Junk folder of an account (folders.query by special use), or null. */
async function junkFolderOf(api, accountId) {
  const found = await api.folders.query({ accountId, specialUse: ["junk"] });
  return Array.isArray(found) && found.length > 0 ? found[0] : null;
}

/**
 * Mark messages as junk (so Thunderbird's junk filter learns from them) and move each to its
 * own account's Junk folder. A message already in Junk is only marked; an account without a
 * Junk folder keeps its messages where they are (marked). Never deletes.
 * @param {number[]} messageIds
 * @param {object} [api] the `messenger` namespace (default: the global one)
 * @returns {Promise<{marked: number[], moved: number[], noJunkFolder: number[]}>}
 */
export async function moveToJunk(messageIds, api = defaultApi()) {
  const marked = [];
  const moved = [];
  const noJunkFolder = [];
  const byAccount = new Map(); // accountId -> ids to move
  const ids = Array.isArray(messageIds) ? messageIds : [];
  // Marked all at once: each mark is its own round trip to the mail store.
  const headers = await Promise.all(ids.map(async (id) => {
    const header = await api.messages.get(id);
    await api.messages.update(id, { junk: true });
    return header;
  }));
  for (const [i, id] of ids.entries()) {
    const header = headers[i];
    marked.push(id);
    const folder = header && header.folder;
    if (!folder || (Array.isArray(folder.specialUse) && folder.specialUse.includes("junk"))) continue;
    if (!byAccount.has(folder.accountId)) byAccount.set(folder.accountId, []);
    byAccount.get(folder.accountId).push(id);
  }
  for (const [accountId, ids] of byAccount) {
    const junk = await junkFolderOf(api, accountId);
    if (!junk) {
      noJunkFolder.push(...ids);
      continue;
    }
    await api.messages.move(ids, junk.id);
    moved.push(...ids);
  }
  return { marked, moved, noJunkFolder };
}
