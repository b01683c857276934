// One persistent native-messaging port to the Honmono host, with request ids,
// a pending-request map, per-request timeouts, one retry, and lazy reconnection
// (the MV3 background is an event page: it may be suspended, and the port with it).

import {
  DEFAULT_MAX_RAW_BYTES,
  ERROR_CODES,
  HOST_NAME,
  HostError,
  PROTOCOL_VERSION,
  classifyDisconnect,
  validateResult,
} from "./protocol.js";

export const DEFAULT_TIMEOUT_MS = 15000;

const RETRYABLE = new Set([ERROR_CODES.TIMEOUT, ERROR_CODES.UNREACHABLE]);

export class HostClient {
  /**
   * @param {object} options
   * @param {(name: string) => object} options.connectNative runtime.connectNative
   * @param {string} [options.hostName]
   * @param {number} [options.timeoutMs] per request
   * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
   * @param {(...args: any[]) => void} [options.log]
   */
  constructor({ connectNative, hostName = HOST_NAME, timeoutMs = DEFAULT_TIMEOUT_MS, timers, log } = {}) {
    if (typeof connectNative !== "function") {
      throw new TypeError("HostClient needs a connectNative function");
    }
    this._connectNative = connectNative;
    this._hostName = hostName;
    this._timeoutMs = timeoutMs;
    this._timers = timers || globalThis;
    this._log = log || (() => {});
    this._port = null;
    this._pending = new Map(); // id -> {resolve, reject, timer, port}
    this._nextId = 1;
    this._hello = null; // Promise of the pong for the current port
    this._everReceived = false;
    this._reportTo = [];
    this.connectCount = 0;
  }

  get connected() {
    return this._port !== null;
  }

  /** The port, created on first use and after every disconnect. */
  _ensurePort() {
    if (this._port) return this._port;
    let port;
    try {
      port = this._connectNative(this._hostName);
    } catch (e) {
      throw classifyDisconnect({ message: e && e.message ? e.message : String(e) });
    }
    this.connectCount += 1;
    this._port = port;
    this._everReceived = false;
    this._hello = null;
    port.onMessage.addListener((msg) => this._onMessage(port, msg));
    port.onDisconnect.addListener((p) => this._onDisconnect(port, p));
    return port;
  }

  _onMessage(port, msg) {
    if (port !== this._port) return; // a reply on a port we already gave up on
    this._everReceived = true;
    if (!msg || typeof msg !== "object") {
      this._log("honmono: ignoring a non-object message from the host");
      return;
    }
    let id = msg.id;
    if ((id === null || id === undefined) && msg.type === "error") {
      // The host could not read the request's id; it can only be ours if one is pending.
      const mine = [...this._pending.entries()].filter(([, p]) => p.port === port);
      if (mine.length === 1) id = mine[0][0];
    }
    const pending = this._pending.get(String(id));
    if (!pending || pending.port !== port) {
      this._log("honmono: ignoring a reply for an unknown request", id);
      return;
    }
    this._settle(String(id));
    if (msg.protocol !== PROTOCOL_VERSION) {
      pending.reject(new HostError(
        ERROR_CODES.PROTOCOL_MISMATCH,
        `The host speaks protocol ${String(msg.protocol)}; this add-on speaks ${PROTOCOL_VERSION}.`,
        { hostProtocol: msg.protocol },
      ));
      return;
    }
    if (msg.type === "error") {
      const err = msg.error && typeof msg.error === "object" ? msg.error : {};
      const hostCode = typeof err.code === "string" ? err.code : "internal";
      const text = typeof err.message === "string" && err.message ? err.message : "The host reported an error.";
      const code = hostCode === "too_large" ? ERROR_CODES.TOO_LARGE : ERROR_CODES.HOST_ERROR;
      pending.reject(new HostError(code, text, { hostCode }));
      return;
    }
    pending.resolve(msg);
  }

  _onDisconnect(port, p) {
    const error = classifyDisconnect((p && p.error) || port.error || null, {
      everReceived: port === this._port && this._everReceived,
    });
    if (port === this._port) {
      this._log("honmono: host port disconnected:", error.message);
      this._port = null;
      this._hello = null;
    }
    this._rejectAll(port, error);
  }

  _rejectAll(port, error) {
    for (const [id, pending] of [...this._pending.entries()]) {
      if (pending.port !== port) continue;
      this._settle(id);
      pending.reject(error);
    }
  }

  _settle(id) {
    const pending = this._pending.get(id);
    if (!pending) return;
    this._timers.clearTimeout(pending.timer);
    this._pending.delete(id);
  }

  /** Drop the current port (e.g. a hung host); the next request reconnects. */
  reset(reason) {
    const port = this._port;
    if (!port) return;
    this._port = null;
    this._hello = null;
    try {
      port.disconnect();
    } catch (e) {
      // already gone
    }
    this._rejectAll(port, reason || new HostError(ERROR_CODES.UNREACHABLE, "The connection to the host was reset."));
  }

  /** Send one request and wait for its reply (no retry). */
  send(body) {
    return new Promise((resolve, reject) => {
      let port;
      try {
        port = this._ensurePort();
      } catch (e) {
        reject(e);
        return;
      }
      const id = String(this._nextId++);
      const message = { protocol: PROTOCOL_VERSION, id, ...body };
      const timer = this._timers.setTimeout(() => {
        if (!this._pending.has(id)) return;
        this._settle(id);
        const err = new HostError(
          ERROR_CODES.TIMEOUT,
          `The host did not answer within ${Math.round(this._timeoutMs / 1000)} seconds.`,
        );
        reject(err);
        // A host that does not answer is not trusted with further requests.
        if (this._port === port) this.reset(err);
      }, this._timeoutMs);
      this._pending.set(id, { resolve, reject, timer, port });
      try {
        port.postMessage(message);
      } catch (e) {
        // The port died before Thunderbird told us (onDisconnect comes later, or never
        // for this port): give up on it and on everything still waiting on it.
        const err = classifyDisconnect(port.error || { message: e && e.message ? e.message : String(e) }, {
          everReceived: this._everReceived,
        });
        if (this._port === port) {
          this._port = null;
          this._hello = null;
        }
        this._rejectAll(port, err);
      }
    });
  }

  /** The pong of the current connection: versions and limits, checked once per port. */
  hello() {
    if (this._port && this._hello) return this._hello;
    const promise = this.send({ type: "ping" }).then((pong) => {
      if (pong.type !== "pong") {
        throw new HostError(ERROR_CODES.BAD_REPLY, `The host answered a ping with ${String(pong.type)}.`);
      }
      const versions = pong.versions && typeof pong.versions === "object" ? pong.versions : {};
      const supported = Array.isArray(versions.supported_protocols) ? versions.supported_protocols : null;
      const speaksOurs = supported ? supported.includes(PROTOCOL_VERSION) : versions.protocol === PROTOCOL_VERSION;
      if (versions.protocol !== undefined && !speaksOurs) {
        throw new HostError(
          ERROR_CODES.PROTOCOL_MISMATCH,
          `The host speaks protocol ${String(versions.protocol)}; this add-on speaks ${PROTOCOL_VERSION}.`,
          { hostProtocol: versions.protocol },
        );
      }
      const limits = pong.limits && typeof pong.limits === "object" ? pong.limits : {};
      const max = Number.isInteger(limits.max_raw_bytes) && limits.max_raw_bytes > 0
        ? limits.max_raw_bytes
        : DEFAULT_MAX_RAW_BYTES;
      const reportTo = (Array.isArray(pong.report_to) ? pong.report_to : [])
        .map((r) => (r && typeof r === "object" ? r.address : r))
        .filter((a) => typeof a === "string" && /^[^\s@<>]+@[^\s@<>]+$/.test(a));
      this._reportTo = reportTo;
      return { versions, maxRawBytes: max, reportTo };
    });
    this._hello = promise;
    promise.catch(() => {
      if (this._hello === promise) this._hello = null;
    });
    return promise;
  }

  /** Run `attempt` and, on a timeout or a lost host, once more on a fresh connection. */
  async _withRetry(attempt) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof HostError) || !RETRYABLE.has(e.code)) throw e;
      // The connection that failed is already dropped (timeout, disconnect, dead port);
      // do not reset here: another request may already have opened a fresh one.
      this._log("honmono: retrying once after:", e.message);
      return await attempt();
    }
  }

  /** The addresses to report a phishing mail to (the host's brand data), as last announced. */
  reportTo() {
    return Array.isArray(this._reportTo) ? [...this._reportTo] : [];
  }

  /** Ping the host (with one retry). */
  ping() {
    return this._withRetry(() => this.hello());
  }

  /**
   * Classify one raw message. Any number of callers may call this concurrently: the
   * requests share one port, each with its own id, and replies are matched by id.
   * @param {string} raw messages.getRaw as a binary string (one char per byte)
   * @param {object} settings host settings (language, names, addresses, trust_authserv, offline)
   * @returns {Promise<{result: object, truncated: boolean, originalBytes: number, sentBytes: number, maxRawBytes: number, versions: object}>}
   */
  classify(raw, settings) {
    return this._withRetry(async () => {
      const { versions, maxRawBytes } = await this.hello();
      const truncated = raw.length > maxRawBytes;
      const sent = truncated ? raw.slice(0, maxRawBytes) : raw;
      const reply = await this.send({ type: "classify", raw: sent, truncated, settings });
      return {
        result: validateResult(reply),
        truncated,
        originalBytes: raw.length,
        sentBytes: sent.length,
        maxRawBytes,
        versions,
      };
    });
  }
}
