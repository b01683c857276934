// Test-only helper for tests/e2e: it plays the user who opens each mail of the Inbox.
// Top-level code runs once, when the fresh profile installs the extension (MV3 event page).
// Every line it logs starts with "HONMONO-E2E-HELPER " followed by JSON, so the test can
// follow it on Thunderbird's stdout (devtools.console.stdout.content).

const TAG = "HONMONO-E2E-HELPER";
const log = (event, data = {}) => console.log(`${TAG} ${JSON.stringify({ event, ...data })}`);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// Pause between two mails, like a user reading them; it is not a synchronisation device:
// the test itself waits (with deadlines) for what the product did in each tab.
const PAUSE_MS = 700;
const LIST_DEADLINE_MS = 30000;

// Retries fn() until it returns something truthy or the deadline passes: right after
// start-up Thunderbird's folder APIs throw "An unexpected error occurred" for a while.
async function retry(what, fn, deadlineMs = LIST_DEADLINE_MS) {
  const deadline = Date.now() + deadlineMs;
  let lastError = null;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    await sleep(200);
  }
  throw new Error(`${what}: gave up after ${deadlineMs} ms (last error: ${lastError})`);
}

async function findInbox() {
  const accounts = await messenger.accounts.list(true);
  for (const account of accounts) {
    const stack = [...(account.rootFolder?.subFolders ?? account.folders ?? [])];
    while (stack.length) {
      const folder = stack.shift();
      if (folder.type === "inbox" || folder.specialUse?.includes("inbox") || folder.path === "/Inbox") {
        return folder;
      }
      stack.push(...(folder.subFolders ?? []));
    }
  }
  return null;
}

async function listAll(folderId) {
  const out = [];
  let page = await messenger.messages.list(folderId);
  out.push(...page.messages);
  while (page.id) {
    page = await messenger.messages.continueList(page.id);
    out.push(...page.messages);
  }
  return out;
}

// Resolves when a tab shows the given message (or rejects after a deadline).
function displayedIn(messageId, deadlineMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      messenger.messageDisplay.onMessagesDisplayed.removeListener(listener);
      reject(new Error(`message ${messageId} not displayed within ${deadlineMs} ms`));
    }, deadlineMs);
    function listener(tab, displayed) {
      const messages = displayed?.messages ?? displayed ?? [];
      if (messages.some(m => m.id === messageId)) {
        clearTimeout(timer);
        messenger.messageDisplay.onMessagesDisplayed.removeListener(listener);
        resolve(tab);
      }
    }
    messenger.messageDisplay.onMessagesDisplayed.addListener(listener);
  });
}

async function main() {
  log("start", { version: (await messenger.runtime.getBrowserInfo()).version });
  // At start-up the extension may run before Local Folders' subfolders are discovered.
  const inbox = await retry("find the Inbox", findInbox);
  // Makes a hand-written mbox (without .msf index) readable.
  const info = await retry("folders.getFolderInfo", () => messenger.folders.getFolderInfo(inbox.id));
  log("inbox", { id: inbox.id, path: inbox.path, totalMessageCount: info.totalMessageCount });
  const messages = await retry("list the Inbox", async () => {
    const all = await listAll(inbox.id);
    return all.length ? all : null;
  });
  log("listed", {
    count: messages.length,
    messages: messages.map(m => ({ id: m.id, subject: m.subject, author: m.author, headerMessageId: m.headerMessageId })),
  });

  // Mails whose Message-ID starts with "extra-" are for the test's later phases (the 3-pane):
  // they must stay unopened (unchecked) until then.
  for (const message of messages.filter(m => !String(m.headerMessageId).startsWith("extra-"))) {
    const shown = displayedIn(message.id, 15000);
    const tab = await messenger.messageDisplay.open({ messageId: message.id, location: "tab", active: true });
    const displayedTab = await shown.catch(e => { log("error", { messageId: message.id, error: String(e) }); return tab; });
    log("opened", { messageId: message.id, headerMessageId: message.headerMessageId, tabId: displayedTab?.id ?? tab?.id, subject: message.subject });
    await sleep(PAUSE_MS);
  }
  log("done", { count: messages.filter(m => !String(m.headerMessageId).startsWith("extra-")).length });
}

main().catch(e => log("error", { error: String(e), stack: e?.stack }));
