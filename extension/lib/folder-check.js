// "Check with Honmono" on selected messages and on a folder: the same pipeline as new mail
// (headers first, then the host, then tags), as a job with a determinate progress, a count,
// cancel, and a summary. A small window (progress/progress.html) shows it.

import { allMessages, runPool, CONCURRENCY } from "./arrival.js";
import { isHostDown } from "./protocol.js";

export const MENU_MESSAGES = "honmono-check-messages";
export const MENU_FOLDER = "honmono-check-folder";
export const PROGRESS_PAGE = "progress/progress.html";

const emptyCounts = () => ({ phishing: 0, suspicious: 0, genuine: 0, not_amazon: 0, failed: 0 });

export class FolderChecks {
  constructor({ messenger, checker, log, onEvent, concurrency = CONCURRENCY }) {
    this.m = messenger;
    this.checker = checker;
    this.log = log || (() => {});
    this.onEvent = onEvent || (() => {});
    this.concurrency = concurrency;
    this.jobs = new Map(); // jobId -> job
    this._next = 1;
  }

  /** The job's state for the progress window (plain data). */
  status(jobId) {
    const job = this.jobs.get(Number(jobId));
    if (!job) return { state: "unknown" };
    const { state, total, done, counts, error, what } = job;
    return { jobId: job.id, state, total, done, counts: { ...counts }, error, what };
  }

  cancel(jobId) {
    const job = this.jobs.get(Number(jobId));
    if (job && job.state === "running") job.cancelled = true;
    return this.status(jobId);
  }

  /**
   * Start a check. `source` is {folders: MailFolder[]} or {list: MessageList}.
   * Returns the job id at once; `job.finished` resolves with its final status.
   */
  start(source, what = "messages") {
    const job = { id: this._next++, state: "running", total: 0, done: 0, counts: emptyCounts(), error: null, what, cancelled: false };
    this.jobs.set(job.id, job);
    job.finished = this._run(job, source).then(() => this.status(job.id));
    return job;
  }

  async _headers(source) {
    if (source.list) return allMessages(this.m.messages, source.list);
    const out = [];
    for (const folder of source.folders || []) {
      const folderId = typeof folder === "string" ? folder : folder && folder.id;
      if (!folderId) continue;
      out.push(...(await allMessages(this.m.messages, await this.m.messages.list(folderId))));
    }
    return out;
  }

  async _run(job, source) {
    const started = Date.now();
    try {
      const headers = (await this._headers(source)).filter((h) => h && Number.isInteger(h.id));
      job.total = headers.length;
      const settings = await this.checker.settings();
      const hostSettings = this.checker.hostSettings(settings);
      await this.checker.ensureTags(hostSettings.language);
      // Asked for by the user: tag, never move (moving is an arrival option only).
      const options = { hostSettings, tagGenuine: settings.tagGenuine, junk: false };
      let down = null;
      await runPool(headers, this.concurrency, async (header) => {
        const out = await this.checker.checkAndTag(header, options);
        if (isHostDown(out.state)) down = out.state;
        if (out.verdict) job.counts[out.verdict] += 1;
        else job.counts.failed += 1;
        job.done += 1;
      }, () => job.cancelled || down !== null);
      if (down) {
        job.state = "failed";
        job.error = down.code;
      } else {
        job.state = job.cancelled ? "cancelled" : "done";
      }
    } catch (e) {
      this.log("honmono: the check failed:", e && e.message);
      job.state = "failed";
      job.error = e && e.message ? e.message : String(e);
    }
    this.onEvent("check-done", { jobId: job.id, what: job.what, state: job.state, total: job.total, done: job.done, counts: job.counts, error: job.error, ms: Date.now() - started });
  }
}

/** (Re)create the two context-menu entries in the user's language. */
export async function createMenus(menus, t) {
  if (!menus || typeof menus.create !== "function") return false;
  await menus.removeAll();
  const create = (props) => new Promise((resolve) => {
    menus.create(props, () => resolve());
  });
  await create({ id: MENU_MESSAGES, contexts: ["message_list"], title: t("menuCheckMessages") });
  await create({ id: MENU_FOLDER, contexts: ["folder_pane"], title: t("menuCheckFolder") });
  return true;
}

/** menus.onClicked: start the job for the selection and open its progress window. */
export async function onMenuClicked(checks, messenger, info) {
  let job = null;
  if (info.menuItemId === MENU_MESSAGES && info.selectedMessages) {
    job = checks.start({ list: info.selectedMessages }, "messages");
  } else if (info.menuItemId === MENU_FOLDER) {
    const folders = Array.isArray(info.selectedFolders) ? info.selectedFolders : info.selectedFolder ? [info.selectedFolder] : [];
    if (folders.length > 0) job = checks.start({ folders }, "folder");
  }
  if (!job) return null;
  try {
    await messenger.windows.create({ type: "popup", url: `${PROGRESS_PAGE}?job=${job.id}`, width: 420, height: 240 });
  } catch (e) {
    checks.log("honmono: cannot open the progress window:", e && e.message);
  }
  return job;
}
