// Builds the explanation panel from a state object. Everything that came from the mail
// or the host is put into the DOM as text (textContent), never parsed as markup, and
// without Unicode bidi controls (shown as visible markers, see showBidiControls).
// Takes the `document` to build with, so it runs against a small fake DOM in tests.

import { ERROR_CODES, STATUSES, VERDICTS, isHostDown } from "./protocol.js";
import { errorTitleKey } from "./display.js";

const MARKS = Object.freeze({ pass: "✓", fail: "✗", warn: "!", info: "i" });
const VERDICT_KEYS = Object.freeze({
  genuine: "verdictGenuine",
  phishing: "verdictPhishing",
  suspicious: "verdictSuspicious",
  not_amazon: "verdictNotAmazon",
});
const STATUS_KEYS = Object.freeze({
  pass: "statusPass",
  fail: "statusFail",
  warn: "statusWarn",
  info: "statusInfo",
});
const ERROR_BODY_KEYS = Object.freeze({
  not_installed: "errNotInstalledBody",
  unreachable: "errUnreachableBody",
  timeout: "errTimeoutBody",
  protocol_mismatch: "errProtocolBody",
  too_large: "errTooLargeBody",
  host_error: "errHostBody",
  bad_reply: "errBadReplyBody",
  read_failed: "errReadFailedBody",
});

/** Any value as display text. */
export function asText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch (e) {
    return String(value);
  }
}

// Unicode bidi controls: embeddings and overrides (U+202A-U+202E), isolates
// (U+2066-U+2069) and the marks U+200E, U+200F, U+061C. In a link text, a URL or a host
// they reorder what is shown: "invoice\u202Egnp.exe" reads "invoiceexe.png", a host's
// labels can appear swapped. The panel shows each as a visible marker instead.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Display text with every bidi control replaced by a visible marker, e.g. "[U+202E]". */
export function showBidiControls(value) {
  return asText(value).replace(BIDI_CONTROLS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}]`);
}

function status(value) {
  return STATUSES.includes(value) ? value : "info";
}

/**
 * createElement + class + text + children. Text always goes through textContent, with its
 * bidi controls made visible (showBidiControls): no text in the panel can reorder itself.
 */
export function el(doc, tag, { className, text, attrs } = {}, children = []) {
  const node = doc.createElement(tag);
  if (className) node.setAttribute("class", className);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (/^on/i.test(k)) throw new Error(`refusing event-handler attribute ${k}`);
      node.setAttribute(k, asText(v));
    }
  }
  if (text !== undefined) node.textContent = showBidiControls(text);
  for (const child of children) {
    if (child) node.appendChild(child);
  }
  return node;
}

function mark(doc, t, st) {
  return el(doc, "span", {
    className: `mark mark-${st}`,
    text: MARKS[st],
    attrs: { title: t(STATUS_KEYS[st]), "aria-label": t(STATUS_KEYS[st]) },
  });
}

function section(doc, className, heading, children) {
  return el(doc, "section", { className }, [el(doc, "h2", { text: heading }), ...children]);
}

function details(doc, className, summary, children, open = false) {
  const d = el(doc, "details", { className }, [el(doc, "summary", { text: summary }), ...children]);
  if (open) d.setAttribute("open", "");
  return d;
}

export function renderHeader(doc, header, t) {
  if (!header || (!header.subject && !header.author)) return null;
  return el(doc, "div", { className: "message-header" }, [
    header.author ? el(doc, "div", { className: "message-author" }, [
      el(doc, "span", { className: "label", text: t("headerFrom") }),
      el(doc, "span", { className: "value", text: header.author }),
    ]) : null,
    header.subject ? el(doc, "div", { className: "message-subject" }, [
      el(doc, "span", { className: "label", text: t("headerSubject") }),
      el(doc, "span", { className: "value", text: header.subject }),
    ]) : null,
  ]);
}

const DO_NOW_KEYS = Object.freeze({
  phishing: "doNowPhishing",
  suspicious: "doNowSuspicious",
  genuine: "doNowGenuine",
  not_amazon: "doNowNotAmazon",
});
const SIGNS = Object.freeze({ phishing: "!", genuine: "✓", suspicious: "?", not_amazon: "–" });

export function renderVerdict(doc, result, t) {
  const verdict = VERDICT_KEYS[result.verdict] ? result.verdict : "not_amazon";
  // The sign's colour comes from the stylesheet (light and dark themes), its shape from
  // the character: never colour alone.
  const sign = el(doc, "div", { className: "verdict-sign", text: SIGNS[verdict], attrs: { "aria-hidden": "true" } });
  return el(doc, "section", { className: `verdict verdict-${verdict}`, attrs: { role: "status" } }, [
    sign,
    el(doc, "div", { className: "verdict-text" }, [
      el(doc, "h1", { className: "verdict-label", text: t(VERDICT_KEYS[verdict]) }),
      el(doc, "p", { className: "summary", text: result.summary }),
    ]),
  ]);
}

/** 「今すること」: one sentence, and the buttons for a phishing or suspicious mail. */
export function renderDoNow(doc, verdict, t) {
  const v = DO_NOW_KEYS[verdict] ? verdict : "not_amazon";
  const buttons = v === "phishing" || v === "suspicious"
    ? [["junk", "actJunk"], ["delete", "actDelete"], ["report", "actReport"]].map(([id, key]) => el(doc, "button", {
      className: `act act-${id}`,
      text: t(key),
      attrs: { type: "button", "data-action": id },
    }))
    : [];
  return el(doc, "section", { className: "do-now", attrs: { "aria-label": t("actDoNow") } }, [
    el(doc, "p", { className: "do-now-text" }, [
      el(doc, "strong", { text: `${t("actDoNow")}: ` }),
      el(doc, "span", { text: t(DO_NOW_KEYS[v]) }),
    ]),
    buttons.length ? el(doc, "div", { className: "act-row" }, buttons) : null,
    buttons.length ? el(doc, "p", { className: "act-status", attrs: { role: "status", "aria-live": "polite" } }) : null,
  ]);
}

// Reasons by weight: what decided the verdict first. On a phishing or suspicious mail the
// failing evidence, then the warnings; on a genuine mail the proof (pass) first.
const WEIGHT = Object.freeze({
  bad: Object.freeze({ fail: 0, warn: 1, pass: 2, info: 3 }),
  good: Object.freeze({ pass: 0, fail: 1, warn: 2, info: 3 }),
});

/** The evidence in the order the panel shows it (stable within one weight). */
export function orderEvidence(evidence, verdict) {
  const items = (Array.isArray(evidence) ? evidence : []).filter((e) => e && typeof e === "object");
  const weight = verdict === "genuine" ? WEIGHT.good : WEIGHT.bad;
  return items
    .map((item, i) => ({ item, i, w: weight[status(item.status)] }))
    .sort((a, b) => a.w - b.w || a.i - b.i)
    .map((x) => x.item);
}

export const TOP_REASONS = 3;

const SOURCE_KEYS = Object.freeze({
  From: "srcFrom",
  "Return-Path": "srcReturnPath",
  Subject: "srcSubject",
  body: "srcBody",
  "Subject/body": "srcSubjectBody",
  "To/Cc": "srcRecipients",
  "settings.names": "srcSettingsNames",
  "settings.addresses": "srcSettingsAddresses",
  "Authentication-Results": "srcAuthResults",
  Received: "srcReceived",
  "DKIM-Signature": "srcSignature",
});

/** Where a piece of evidence was found, in words (never an internal key), or "". */
export function sourceText(source, t) {
  if (typeof source !== "string" || !source) return "";
  if (Object.prototype.hasOwnProperty.call(SOURCE_KEYS, source)) return t("srcWhere", t(SOURCE_KEYS[source]));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return t("srcLink", source);
  if (/^[A-Za-z][A-Za-z-]*$/.test(source) && !source.includes(".")) return t("srcWhere", source); // a header name
  return "";
}

function evidenceItem(doc, item, t) {
  const st = status(item.status);
  const where = sourceText(item.source, t);
  const body = el(doc, "div", { className: "ev-body" }, [
    el(doc, "div", { className: "ev-title", text: item.title }),
    item.detail ? el(doc, "div", { className: "ev-detail", text: item.detail }) : null,
    where ? el(doc, "div", { className: "ev-source", text: where, attrs: /^[a-z]+:\/\//i.test(item.source || "") ? { dir: "auto" } : undefined }) : null,
  ]);
  return el(doc, "li", {
    className: `ev ev-${st}`,
    attrs: { "data-id": item.id, "data-category": item.category },
  }, [mark(doc, t, st), body]);
}

export function renderEvidence(doc, evidence, t, verdict) {
  const items = orderEvidence(evidence, verdict);
  if (items.length === 0) {
    return section(doc, "evidence", t("sectionEvidence"), [el(doc, "p", { className: "empty", text: t("noEvidence") })]);
  }
  // One list (the console event reads the ids in the order shown); the reasons after the
  // first few are folded away in their own list.
  const top = el(doc, "ol", { className: "evidence-list" }, items.slice(0, TOP_REASONS).map((i) => evidenceItem(doc, i, t)));
  const rest = items.slice(TOP_REASONS);
  const more = rest.length
    ? details(doc, "more-reasons", t("moreReasons", rest.length), [
      el(doc, "ol", { className: "evidence-list", attrs: { start: TOP_REASONS + 1 } }, rest.map((i) => evidenceItem(doc, i, t))),
    ])
    : null;
  return section(doc, "evidence", t("sectionEvidence"), [top, more]);
}

export function renderAdvice(doc, advice, t) {
  const items = (Array.isArray(advice) ? advice : []).filter((a) => typeof a === "string" && a);
  if (items.length === 0) return null;
  return section(doc, "advice", t("sectionAdvice"), [
    el(doc, "ul", { className: "advice-list" }, items.map((a) => el(doc, "li", { text: a }))),
  ]);
}

const NOTICE_KIND_KEYS = Object.freeze({
  password_recovery: "noticePasswordRecovery",
  sign_in_attempt: "noticeSignInAttempt",
  one_time_password: "noticeOneTimePassword",
});

/** 日時 / デバイス / 付近 of a known security notice, for the user to judge. */
export function renderNotice(doc, notice, t) {
  if (!notice || typeof notice !== "object") return null;
  const rows = [
    ["noticeDatetime", notice.datetime],
    ["noticeDevice", notice.device],
    ["noticeLocation", notice.location],
  ].filter(([, v]) => v !== undefined && v !== null && v !== "");
  if (notice.code_present === true) rows.push(["noticeCode", t("noticeCodePresent")]);
  if (rows.length === 0 && !notice.kind) return null;
  const dl = el(doc, "dl", { className: "notice-fields" });
  if (notice.kind) {
    const kindKey = Object.prototype.hasOwnProperty.call(NOTICE_KIND_KEYS, notice.kind) ? NOTICE_KIND_KEYS[notice.kind] : null;
    dl.appendChild(el(doc, "dt", { text: t("noticeKind") }));
    dl.appendChild(el(doc, "dd", { text: kindKey ? t(kindKey) : notice.kind }));
  }
  for (const [key, value] of rows) {
    dl.appendChild(el(doc, "dt", { text: t(key) }));
    dl.appendChild(el(doc, "dd", { text: value }));
  }
  return section(doc, "notice", t("sectionNotice"), [
    dl,
    el(doc, "p", { className: "hint", text: t("noticeHint") }),
    // "Not in the Message Center does not make it fake" is the host's advice
    // (advice.message_center_gaps), shown in the advice list; it is not repeated here.
  ]);
}

// A link found in an attachment or a QR code says where: "attachment: invoice.svg".
const FOUND_IN_KEYS = { attachment: "linkFoundInAttachment", qr: "linkFoundInQr", header: "linkFoundInHeader" };

function foundIn(doc, link, t) {
  const key = FOUND_IN_KEYS[link.found_in];
  if (!key) return null;
  return el(doc, "div", { className: "link-found-in", text: t(key, asText(link.source)), attrs: { dir: "auto" } });
}

export function renderLinks(doc, links, t) {
  const items = (Array.isArray(links) ? links : []).filter((l) => l && typeof l === "object");
  if (items.length === 0) {
    return details(doc, "links", t("sectionLinks"), [el(doc, "p", { className: "empty", text: t("linksNone") })]);
  }
  const table = el(doc, "table", { className: "links-table" }, [
    el(doc, "thead", {}, [el(doc, "tr", {}, [
      el(doc, "th", { text: t("linksStatus") }),
      el(doc, "th", { text: t("linksText") }),
      el(doc, "th", { text: t("linksDestination") }),
    ])]),
  ]);
  const tbody = el(doc, "tbody");
  for (const link of items) {
    const st = status(link.status);
    // The destination is shown as text, never as a clickable link; left to right and
    // isolated (popup.css: unicode-bidi: isolate), so right-to-left letters in it cannot
    // reorder the cells around them.
    const ltr = { dir: "ltr" };
    tbody.appendChild(el(doc, "tr", { className: `link link-${st}` }, [
      el(doc, "td", { className: "link-status" }, [mark(doc, t, st)]),
      el(doc, "td", { className: "link-text", attrs: ltr }, [
        el(doc, "div", { text: link.text, attrs: ltr }),
        foundIn(doc, link, t),
      ]),
      el(doc, "td", { className: "link-dest", attrs: ltr }, [
        el(doc, "div", { className: "link-host", text: link.host, attrs: ltr }),
        el(doc, "div", { className: "link-href", text: link.href, attrs: ltr }),
      ]),
    ]));
  }
  table.appendChild(tbody);
  return details(doc, "links", `${t("sectionLinks")} (${items.length})`, [table], items.some((l) => l.status === "fail"));
}

const RESULT_KEYS = Object.freeze({
  pass: "resPass",
  fail: "resFail",
  none: "resNone",
  neutral: "resNeutral",
  permerror: "resError",
  temperror: "resError",
  policy: "resError",
  softfail: "resFail",
});

function resultWord(value, t) {
  return typeof value === "string" && RESULT_KEYS[value] ? t(RESULT_KEYS[value]) : t("resError");
}

/** A labelled list of fields: [[label, value], …]; empty values are left out. */
function fields(doc, rows) {
  const dl = el(doc, "dl", { className: "fields" });
  for (const [label, value] of rows) {
    if (value === undefined || value === null || value === "") continue;
    dl.appendChild(el(doc, "dt", { text: label }));
    dl.appendChild(el(doc, "dd", { text: value, attrs: { dir: "auto" } }));
  }
  return dl;
}

/** Signatures, DMARC and the receiving server's results, as labelled fields for people. */
export function renderAuth(doc, auth, t) {
  const a = auth && typeof auth === "object" ? auth : {};
  const parts = [];
  const sigs = Array.isArray(a.signatures) ? a.signatures.filter((x) => x && typeof x === "object") : [];
  parts.push(el(doc, "h3", { text: t("authSectionSignatures") }));
  if (sigs.length === 0) parts.push(el(doc, "p", { className: "empty", text: t("authNoSignature") }));
  for (const sig of sigs) {
    parts.push(fields(doc, [
      [t("authFieldDomain"), sig.domain],
      [t("authFieldResult"), `${resultWord(sig.result, t)}${sig.key_missing ? ` (${t("authKeyMissing")})` : ""}`],
    ]));
  }
  if (a.dmarc && typeof a.dmarc === "object") {
    parts.push(el(doc, "h3", { text: t("authDmarc") }));
    parts.push(fields(doc, [
      [t("authFieldDomain"), a.dmarc.from_domain],
      [t("authFieldResult"), resultWord(a.dmarc.result, t)],
      [t("authPolicy"), a.dmarc.policy_name],
    ]));
  }
  const arh = a.arh && typeof a.arh === "object" ? a.arh : {};
  const servers = [
    ...(Array.isArray(arh.used) ? arh.used.map((x) => [x, true]) : []),
    ...(Array.isArray(arh.ignored) ? arh.ignored.map((x) => [x, false]) : []),
  ].filter(([x]) => x && typeof x === "object");
  if (servers.length) {
    parts.push(el(doc, "h3", { text: t("authSectionResults") }));
    for (const [entry, trusted] of servers) {
      const rows = [
        [t("authFieldServer"), entry.authserv_id],
        [t("authFieldTrusted"), t(trusted ? "authYes" : "authNo")],
      ];
      for (const r of Array.isArray(entry.results) ? entry.results : []) {
        if (r && typeof r.method === "string") rows.push([r.method.toUpperCase(), resultWord(r.result, t)]);
      }
      parts.push(fields(doc, rows));
    }
  }
  if (sigs.length === 0 && !a.dmarc && servers.length === 0) {
    return details(doc, "auth", t("sectionAuth"), [el(doc, "p", { className: "empty", text: t("authEmpty") })]);
  }
  return details(doc, "auth", t("sectionAuth"), parts);
}

/** The Received route, hop by hop, as labelled fields. */
export function renderRoute(doc, route, t) {
  const hops = route && Array.isArray(route.hops) ? route.hops.filter((h) => h && typeof h === "object") : [];
  if (hops.length === 0) return null;
  return details(doc, "route", t("authSectionRoute"), hops.map((h, i) => el(doc, "div", { className: "hop" }, [
    el(doc, "h3", { text: t("routeHop", Number.isInteger(h.position) ? h.position : i + 1) }),
    fields(doc, [
      [t("authFieldFrom"), h.rdns || ""],
      [t("routeHelo"), h.helo],
      [t("routeIp"), h.ip],
      [t("authFieldBy"), h.by],
    ]),
  ])));
}

export function renderDefects(doc, defects, t) {
  const items = (Array.isArray(defects) ? defects : []).map(asText).filter(Boolean);
  if (items.length === 0) return null;
  return details(doc, "defects", `${t("sectionDefects")} (${items.length})`, [
    el(doc, "ul", { className: "defects-list" }, items.map((d) => el(doc, "li", { text: d }))),
  ]);
}

export function renderResult(doc, state, t) {
  const result = state.result || {};
  const d = result.details && typeof result.details === "object" ? result.details : {};
  const root = el(doc, "div", { className: `panel panel-result panel-${result.verdict}`, attrs: { lang: state.language || "en" } });
  // First screen: the verdict, what to do now, the weightiest reasons. Then the notice,
  // the advice, and the technical details folded away.
  const parts = [
    renderVerdict(doc, result, t),
    renderDoNow(doc, result.verdict, t),
    state.truncated
      ? el(doc, "p", { className: "truncated", attrs: { role: "note" }, text: t("truncatedNotice", state.sentBytes, state.originalBytes) })
      : null,
    renderEvidence(doc, result.evidence, t, result.verdict),
    renderNotice(doc, d.notice, t),
    renderAdvice(doc, result.advice, t),
    el(doc, "section", { className: "details" }, [
      el(doc, "h2", { text: t("sectionDetails") }),
      renderLinks(doc, d.links, t),
      renderAuth(doc, d.auth, t),
      renderRoute(doc, d.route, t),
      renderDefects(doc, d.defects, t),
    ]),
    renderHeader(doc, state.header, t),
    renderFooter(doc, state, t),
  ];
  for (const p of parts) if (p) root.appendChild(p);
  return root;
}

function renderFooter(doc, state, t) {
  const bits = [];
  if (state.versions && state.versions.honmono) bits.push(t("footerVersion", state.versions.honmono));
  if (state.result && typeof state.result.timing_ms === "number") {
    bits.push(t("footerTiming", Math.round(state.result.timing_ms)));
  }
  if (bits.length === 0) return null;
  return el(doc, "footer", { className: "footer", text: bits.join(" · ") });
}

export function renderCommands(doc, commands, t, { upgrade = false } = {}) {
  if (!Array.isArray(commands) || commands.length === 0) return null;
  return el(doc, "div", { className: "commands" }, [
    el(doc, "p", { text: t(upgrade ? "commandIntroUpgrade" : "commandIntro") }),
    el(doc, "pre", { className: "command", attrs: { dir: "ltr", tabindex: "0" } }, [el(doc, "code", { text: commands.join("\n") })]),
    el(doc, "div", { className: "act-row" }, [
      el(doc, "button", { className: "copy", text: t("copyCommands"), attrs: { type: "button", "data-action": "copy" } }),
      el(doc, "button", { className: "retry", text: t("tryAgain"), attrs: { type: "button", "data-action": "retry" } }),
    ]),
    el(doc, "p", { className: "hint", text: t("commandsWindowsNote") }),
    el(doc, "p", { text: t("commandAfter") }),
  ]);
}

export function renderError(doc, state, t) {
  const root = el(doc, "div", {
    className: `panel panel-error error-${state.code}`,
    attrs: { lang: state.language || "en", role: "alert" },
  });
  root.appendChild(el(doc, "section", { className: "verdict verdict-error" }, [
    el(doc, "div", { className: "verdict-sign", text: "–", attrs: { "aria-hidden": "true" } }),
    el(doc, "div", { className: "verdict-text" }, [
      el(doc, "h1", { className: "error-title", text: t(errorTitleKey(state.code)) }),
      el(doc, "p", { className: "error-body", text: t(ERROR_BODY_KEYS[state.code] || "errHostBody") }),
    ]),
  ]));
  const commands = renderCommands(doc, state.commands, t, { upgrade: state.code === ERROR_CODES.PROTOCOL_MISMATCH });
  if (commands) root.appendChild(commands);
  else {
    root.appendChild(el(doc, "div", { className: "act-row" }, [
      el(doc, "button", { className: "retry", text: t("tryAgain"), attrs: { type: "button", "data-action": "retry" } }),
    ]));
  }
  root.appendChild(el(doc, "p", { className: "error-detail", text: t("errorCode", state.code || "host_error") }));
  if (state.message) {
    // The program's own words (English) for a bug report, folded away.
    root.appendChild(details(doc, "error-more", t("errorDetailSummary"), [
      el(doc, "p", { className: "error-detail", text: state.message, attrs: { lang: "en", dir: "ltr" } }),
    ]));
  }
  return root;
}

export function renderNone(doc, state, t) {
  const multiple = state.reason === "multiple";
  return el(doc, "div", { className: "panel panel-none", attrs: { lang: state.language || "en" } }, [
    el(doc, "h1", { text: t(multiple ? "multipleTitle" : "noMessageTitle") }),
    el(doc, "p", { text: t(multiple ? "multipleBody" : "noMessageBody") }),
  ]);
}

export function renderChecking(doc, t) {
  return el(doc, "div", { className: "panel panel-checking", attrs: { role: "status" } }, [
    el(doc, "p", { text: t("checking") }),
  ]);
}

/**
 * What the toolbar and the panel say about new mail while the host is missing (the arrival
 * queue's status {waiting, error}): that the host cannot be reached, and how many mails wait
 * for it. Empty when new mail is being checked normally.
 */
export function arrivalStatusLines(status, t) {
  if (!status || typeof status !== "object" || !isHostDown(String(status.error || ""))) return [];
  const waiting = Number.isInteger(status.waiting) && status.waiting > 0 ? status.waiting : 0;
  const lines = [t("arrivalPanelHostDown")];
  if (waiting === 1) lines.push(t("arrivalPanelWaitingOne"));
  else if (waiting > 1) lines.push(t("arrivalPanelWaiting", waiting));
  return lines;
}

/** The panel's note on new mail waiting for the host, or null when nothing waits. */
export function renderArrivalStatus(doc, status, t) {
  const lines = arrivalStatusLines(status, t);
  if (lines.length === 0) return null;
  return el(doc, "div", { className: "arrival-status", attrs: { role: "status" } },
    lines.map((text) => el(doc, "p", { text })));
}

/** The panel for any state: result, error, none or checking. */
export function renderState(doc, state, t) {
  if (!state || state.kind === "checking") return renderChecking(doc, t);
  if (state.kind === "result") return renderResult(doc, state, t);
  if (state.kind === "error") return renderError(doc, state, t);
  return renderNone(doc, state, t);
}

/** Options page: the trusted servers an administrator set (read-only), or null for none. */
export function renderManagedTrust(doc, entries, t) {
  const items = (Array.isArray(entries) ? entries : []).filter((e) => typeof e === "string" && e);
  if (items.length === 0) return null;
  return el(doc, "div", { className: "managed", attrs: { role: "note" } }, [
    el(doc, "p", { className: "managed-note", text: t("optManagedTrust") }),
    el(doc, "ul", { className: "managed-list" }, items.map((e) => el(doc, "li", { text: e }))),
  ]);
}

// Evidence ids are the host's own codes ("sender.from"); anything else is logged as "?".
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,80}$/;
const PANEL_KINDS = Object.freeze(["result", "error", "none"]);

/**
 * The popup's console event once a state is rendered into `root`, for the end-to-end
 * test and bug reports: {event: "panel", kind, tabId, messageId, verdict, evidence, error}.
 * Ids, verdicts and error codes only, never text from the mail or the host; the evidence
 * ids are read back from the rendered list, in the order shown.
 */
export function panelEvent(state, root, tabId) {
  const s = state && typeof state === "object" ? state : {};
  const items = root && typeof root.querySelectorAll === "function" ? [...root.querySelectorAll("ol.evidence-list li.ev")] : [];
  const verdict = s.kind === "result" && s.result ? s.result.verdict : null;
  return {
    event: "panel",
    kind: PANEL_KINDS.includes(s.kind) ? s.kind : null,
    tabId: Number.isInteger(tabId) ? tabId : null,
    messageId: Number.isInteger(s.messageId) ? s.messageId : null,
    verdict: VERDICTS.includes(verdict) ? verdict : null,
    evidence: items.map((li) => {
      const id = li.getAttribute("data-id");
      return SAFE_ID.test(id || "") ? id : "?";
    }),
    error: s.kind === "error" && Object.values(ERROR_CODES).includes(s.code) ? s.code : null,
  };
}
