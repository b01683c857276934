// Native-messaging protocol, version 1 (see DESIGN.md, "Native-messaging protocol").
// Frames are handled by the browser; here we only build and check the JSON objects.

export const PROTOCOL_VERSION = 1;
export const HOST_NAME = "honmono";

export const VERDICTS = Object.freeze(["genuine", "phishing", "suspicious", "not_amazon"]);
export const STATUSES = Object.freeze(["pass", "fail", "warn", "info"]);

// Used when the host does not announce a limit in its pong.
export const DEFAULT_MAX_RAW_BYTES = 8 * 1024 * 1024;

// The commands a user runs to install and register the host: the README's install path
// (a virtual environment in ~/.venvs/honmono, installed from the unpacked Honmono folder;
// Honmono is not published as a package). `doctor` then says whether Thunderbird can
// start it.
export const VENV_BIN = "~/.venvs/honmono/bin";
export const INSTALL_COMMANDS = Object.freeze([
  `python3 -m venv ~/.venvs/honmono && ${VENV_BIN}/pip install .`,
  `${VENV_BIN}/honmono install`,
  `${VENV_BIN}/honmono doctor`,
]);
// The host is installed but does not start (a moved or broken virtual environment): the
// same commands repair it.
export const REPAIR_COMMANDS = INSTALL_COMMANDS;
export const UPGRADE_COMMANDS = Object.freeze([
  `${VENV_BIN}/pip install --upgrade .`,
  `${VENV_BIN}/honmono install`,
  `${VENV_BIN}/honmono doctor`,
]);

// Fallback badge per verdict, for a reply that omits `badge`.
export const DEFAULT_BADGES = Object.freeze({
  genuine: { text: "✓", color: "#2e7d32" },
  phishing: { text: "!", color: "#c62828" },
  suspicious: { text: "?", color: "#f9a825" },
  not_amazon: { text: "", color: null },
});

/** Extension-side failure states shown in the panel. */
export const ERROR_CODES = Object.freeze({
  NOT_INSTALLED: "not_installed", // the host manifest is not registered
  UNREACHABLE: "unreachable", // the host started and went away, or could not start
  TIMEOUT: "timeout", // no reply in time, even after one retry
  PROTOCOL_MISMATCH: "protocol_mismatch", // host speaks another protocol version
  HOST_ERROR: "host_error", // typed error from the host (bad_request, parse_error, internal)
  TOO_LARGE: "too_large", // host refused the message as too large
  BAD_REPLY: "bad_reply", // a reply that is not a well-formed result
  NO_MESSAGE: "no_message", // no single message displayed
  READ_FAILED: "read_failed", // messages.getRaw failed
});

// The failures that mean the host cannot answer at all (rather than: it could not judge this
// one mail). The one list: the arrival queue stops and keeps its mail on these, the folder
// check ends as failed, and the panel says how many new mails wait for the host.
export const HOST_DOWN_CODES = Object.freeze([
  ERROR_CODES.NOT_INSTALLED,
  ERROR_CODES.UNREACHABLE,
  ERROR_CODES.TIMEOUT,
  ERROR_CODES.PROTOCOL_MISMATCH,
]);

/** Whether an error code (or an error state {kind: "error", code}) means the host is missing. */
export function isHostDown(stateOrCode) {
  if (typeof stateOrCode === "string") return HOST_DOWN_CODES.includes(stateOrCode);
  return Boolean(stateOrCode) && stateOrCode.kind === "error" && HOST_DOWN_CODES.includes(stateOrCode.code);
}

export class HostError extends Error {
  /**
   * @param {string} code one of ERROR_CODES
   * @param {string} message a sentence for logs and the panel
   * @param {object} [extra] e.g. {hostCode, hostProtocol}
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = "HostError";
    this.code = code;
    Object.assign(this, extra);
  }
}

/** Turn a port.error (or null) into a HostError. */
export function classifyDisconnect(error, { everReceived = false } = {}) {
  const text = error && typeof error.message === "string" ? error.message : "";
  if (/no such native application/i.test(text)) {
    return new HostError(ERROR_CODES.NOT_INSTALLED, text);
  }
  if (/(native messaging host|manifest).*(not found|invalid)|invalid application|access (is )?denied/i.test(text)) {
    return new HostError(ERROR_CODES.NOT_INSTALLED, text);
  }
  const message = text || (everReceived
    ? "The Honmono host stopped unexpectedly."
    : "The Honmono host could not be started or stopped before answering.");
  return new HostError(ERROR_CODES.UNREACHABLE, message, { everReceived });
}

/** Throw a HostError unless `reply` is a usable classify result. */
export function validateResult(reply) {
  if (!reply || typeof reply !== "object") {
    throw new HostError(ERROR_CODES.BAD_REPLY, "The host sent an empty reply.");
  }
  if (reply.type !== "result") {
    throw new HostError(ERROR_CODES.BAD_REPLY, `The host sent a reply of type ${String(reply.type)}.`);
  }
  if (!VERDICTS.includes(reply.verdict)) {
    throw new HostError(ERROR_CODES.BAD_REPLY, `The host sent an unknown verdict ${String(reply.verdict)}.`);
  }
  return reply;
}

/** Badge for a result: the host's, or the default for its verdict. */
export function badgeFor(result) {
  const fallback = DEFAULT_BADGES[result.verdict] || DEFAULT_BADGES.not_amazon;
  const badge = result.badge && typeof result.badge === "object" ? result.badge : {};
  if (result.verdict === "not_amazon") {
    return { text: "", color: null, title: typeof badge.title === "string" ? badge.title : "" };
  }
  return {
    text: typeof badge.text === "string" && badge.text !== "" ? badge.text : fallback.text,
    color: typeof badge.color === "string" && badge.color ? badge.color : fallback.color,
    title: typeof badge.title === "string" && badge.title
      ? badge.title
      : typeof result.summary === "string" ? result.summary : "",
  };
}
