import { test } from "node:test";
import assert from "node:assert/strict";

import { HostClient } from "../../extension/lib/hostclient.js";
import { ERROR_CODES, HostError, classifyDisconnect } from "../../extension/lib/protocol.js";
import { createFakeHost, makeResult, tick } from "./fake-messenger.mjs";

const SETTINGS = { language: "en", names: [], addresses: [], trust_authserv: [], offline: true };

function clientFor(host, timeoutMs = 3000) {
  return new HostClient({ connectNative: (name) => host.connect(name), timeoutMs });
}

test("every request carries protocol 1 and a fresh string id; one port serves many requests", async () => {
  const host = createFakeHost();
  const client = clientFor(host);
  const [a, b] = await Promise.all([client.classify("From: a\r\n\r\nx", SETTINGS), client.classify("From: b\r\n\r\ny", SETTINGS)]);
  assert.equal(a.result.verdict, "genuine");
  assert.equal(b.result.verdict, "genuine");
  assert.equal(host.ports.length, 1, "one persistent port");
  const ids = host.requests.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  for (const r of host.requests) {
    assert.equal(r.protocol, 1);
    assert.equal(typeof r.id, "string");
  }
  assert.equal(host.requests.filter((r) => r.type === "ping").length, 1, "one ping per connection");
  const c = host.classifyRequests()[0];
  assert.deepEqual(c.settings, SETTINGS);
  assert.equal(c.truncated, false);
});

test("a missing host gives not_installed, without a retry", async () => {
  const host = createFakeHost({ missing: true });
  const client = clientFor(host);
  await assert.rejects(client.classify("x", SETTINGS), (e) => {
    assert.ok(e instanceof HostError);
    assert.equal(e.code, ERROR_CODES.NOT_INSTALLED);
    assert.match(e.message, /No such native application honmono/);
    return true;
  });
  assert.equal(host.ports.length, 1, "not retried: retrying cannot help");
  assert.equal(client.connected, false);
});

test("no reply: times out, retries once on a new connection, then succeeds", async () => {
  const host = createFakeHost({
    classify: (req, { attempt }) => (attempt === 1 ? undefined : makeResult("phishing")),
  });
  const client = clientFor(host, 150);
  const t0 = Date.now();
  const out = await client.classify("raw", SETTINGS);
  assert.equal(out.result.verdict, "phishing");
  assert.ok(Date.now() - t0 >= 140, "waited for the first timeout");
  assert.equal(host.ports.length, 2, "reconnected for the retry");
  assert.ok(host.ports[0].closedByExtension, "the hung connection was closed");
  assert.equal(host.classifyRequests().length, 2);
});

test("no reply twice: a timeout error after exactly one retry", async () => {
  const host = createFakeHost({ classify: () => undefined });
  const client = clientFor(host, 100);
  await assert.rejects(client.classify("raw", SETTINGS), (e) => e.code === ERROR_CODES.TIMEOUT);
  assert.equal(host.classifyRequests().length, 2, "first try + one retry");
  assert.equal(host.ports.length, 2);
});

test("a host that crashes mid-request is restarted once", async () => {
  const host = createFakeHost({
    classify: (req, { port, attempt }) => {
      if (attempt === 1) {
        port.crash(null);
        return undefined;
      }
      return makeResult("suspicious");
    },
  });
  const client = clientFor(host);
  const out = await client.classify("raw", SETTINGS);
  assert.equal(out.result.verdict, "suspicious");
  assert.equal(host.ports.length, 2);
});

test("a host that keeps crashing gives unreachable", async () => {
  const host = createFakeHost({
    classify: (req, { port }) => {
      port.crash("Native application exited");
      return undefined;
    },
  });
  const client = clientFor(host);
  await assert.rejects(client.classify("raw", SETTINGS), (e) => e.code === ERROR_CODES.UNREACHABLE);
  assert.equal(host.ports.length, 2);
});

test("reconnects lazily after the port went away (suspended event page)", async () => {
  const host = createFakeHost();
  const client = clientFor(host);
  await client.classify("a", SETTINGS);
  host.ports[0].crash(null); // e.g. the host exited while idle
  await tick(5);
  assert.equal(client.connected, false);
  assert.equal(host.ports.length, 1, "no eager reconnect");
  const out = await client.classify("b", SETTINGS);
  assert.equal(out.result.verdict, "genuine");
  assert.equal(host.ports.length, 2);
});

test("a message over the host's limit is truncated and flagged", async () => {
  const host = createFakeHost({ maxRawBytes: 100 });
  const client = clientFor(host);
  const raw = "A".repeat(60) + "\u00e9".repeat(190); // binary string: one char per byte
  const out = await client.classify(raw, SETTINGS);
  const req = host.classifyRequests()[0];
  assert.equal(req.raw.length, 100);
  assert.equal(req.raw, raw.slice(0, 100));
  assert.equal(req.truncated, true);
  assert.equal(out.truncated, true);
  assert.equal(out.originalBytes, 250);
  assert.equal(out.sentBytes, 100);
  assert.equal(out.maxRawBytes, 100);
});

test("a message within the limit is sent whole", async () => {
  const host = createFakeHost({ maxRawBytes: 100 });
  const client = clientFor(host);
  const out = await client.classify("B".repeat(100), SETTINGS);
  assert.equal(host.classifyRequests()[0].raw.length, 100);
  assert.equal(host.classifyRequests()[0].truncated, false);
  assert.equal(out.truncated, false);
});

test("a pong with another protocol version is a protocol mismatch", async () => {
  const host = createFakeHost({
    ping: () => ({ type: "pong", versions: { protocol: 2, honmono: "9.0" }, limits: { max_raw_bytes: 10 } }),
  });
  const client = clientFor(host);
  await assert.rejects(client.classify("x", SETTINGS), (e) => e.code === ERROR_CODES.PROTOCOL_MISMATCH && e.hostProtocol === 2);
  assert.equal(host.classifyRequests().length, 0, "nothing classified by a host we do not understand");
});

test("a reply without protocol 1 is a protocol mismatch", async () => {
  const host = createFakeHost({ protocol: 7 });
  const client = clientFor(host);
  await assert.rejects(client.ping(), (e) => e.code === ERROR_CODES.PROTOCOL_MISMATCH);
});

test("typed host errors: too_large and internal", async () => {
  const host = createFakeHost({
    classify: (req, { attempt }) => ({
      type: "error",
      error: attempt === 1
        ? { code: "too_large", message: "The message is larger than 10 MB." }
        : { code: "internal", message: "Something broke." },
    }),
  });
  const client = clientFor(host);
  await assert.rejects(client.classify("x", SETTINGS), (e) => e.code === ERROR_CODES.TOO_LARGE && /10 MB/.test(e.message));
  await assert.rejects(client.classify("x", SETTINGS), (e) => e.code === ERROR_CODES.HOST_ERROR && e.hostCode === "internal");
  assert.equal(host.classifyRequests().length, 2, "typed errors are not retried");
});

test("replies with unknown ids are ignored; the real reply still counts", async () => {
  const host = createFakeHost({
    classify: (req, { port }) => {
      port.deliver({ protocol: 1, id: "does-not-exist", ...makeResult("phishing") });
      return makeResult("genuine");
    },
  });
  const client = clientFor(host);
  const out = await client.classify("x", SETTINGS);
  assert.equal(out.result.verdict, "genuine");
});

test("an error with id null goes to the only pending request", async () => {
  const host = createFakeHost({
    classify: (req, { port }) => {
      port.deliver({ protocol: 1, id: null, type: "error", error: { code: "bad_request", message: "Bad JSON." } });
      return undefined;
    },
  });
  const client = clientFor(host);
  await assert.rejects(client.classify("x", SETTINGS), (e) => e.code === ERROR_CODES.HOST_ERROR && e.hostCode === "bad_request");
});

test("a result with an unknown verdict is rejected", async () => {
  const host = createFakeHost({ classify: () => ({ ...makeResult("genuine"), verdict: "probably_fine" }) });
  const client = clientFor(host);
  await assert.rejects(client.classify("x", SETTINGS), (e) => e.code === ERROR_CODES.BAD_REPLY);
});

test("classifyDisconnect recognises the browser's messages", () => {
  assert.equal(classifyDisconnect({ message: "No such native application honmono" }).code, ERROR_CODES.NOT_INSTALLED);
  assert.equal(classifyDisconnect(null).code, ERROR_CODES.UNREACHABLE);
  assert.equal(classifyDisconnect({ message: "An unexpected error occurred" }).code, ERROR_CODES.UNREACHABLE);
});

test("connectNative throwing (e.g. permission missing) becomes a HostError", async () => {
  const client = new HostClient({
    connectNative: () => {
      throw new Error("browser.runtime.connectNative is not a function");
    },
    timeoutMs: 20,
  });
  await assert.rejects(client.ping(), (e) => e instanceof HostError);
});

test("postMessage on a dead port fails every request waiting on it, and the retry reconnects", async () => {
  let killed = false;
  const host = createFakeHost({
    classify: (req, { port, attempt }) => {
      if (attempt === 1) {
        // the process is gone, but Thunderbird has not fired onDisconnect yet
        port.closed = true;
        killed = true;
        return undefined;
      }
      return makeResult("genuine");
    },
  });
  const client = clientFor(host, 5000);
  const first = client.classify("a", SETTINGS);
  for (let i = 0; i < 100 && !killed; i++) await tick(2);
  assert.ok(killed);
  // a second request posts on the dead port: both must fail over quickly, not wait 5 s
  const t0 = Date.now();
  const [a, b] = await Promise.all([first, client.classify("b", SETTINGS)]);
  assert.ok(Date.now() - t0 < 1000, "no timeout was needed");
  assert.equal(a.result.verdict, "genuine");
  assert.equal(b.result.verdict, "genuine");
  assert.equal(host.ports.length, 2);
});
