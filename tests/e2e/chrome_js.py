"""Chrome-context scripts run through Marionette in Thunderbird's main window.

They read what the user would see (the toolbar button of the message header, the
message document, the popup panel) or do what the user would do (switch tabs, click the
button); ATTACK_BANNER alone changes the message document, as a hostile mail would want
to. Thunderbird internals used: `tabmail` and its `tabInfo` (mail3PaneTab /
mailMessageTab), about:message's `gMessage` and `#messagepane`, and the button the
messageDisplayAction API adds to `#header-view-toolbar`
(`<widget id>-messageDisplayAction-toolbarbutton`, its `badge`, `badgeStyle`,
`tooltiptext` attributes and `--webextension-toolbar-image` style property — see
ExtensionToolbarButtons.sys.mjs).
"""

# Every message tab: which message it shows, whether it is selected.
LIST_MESSAGE_TABS = """
const tabmail = document.getElementById("tabmail");
return tabmail.tabInfo.map((t, index) => {
  const out = { index, mode: t.mode.name, title: t.title, selected: t === tabmail.currentTabInfo };
  if (t.mode.name === "mailMessageTab") {
    const win = t.chromeBrowser.contentWindow;
    out.messageId = win && win.gMessage ? win.gMessage.messageId : null;
    out.uri = win && win.gMessageURI ? String(win.gMessageURI) : null;
  }
  return out;
});
"""

SELECT_TAB = """
const [index, done] = arguments;
const tabmail = document.getElementById("tabmail");
tabmail.switchToTab(index);
// Let the toolbar button catch up (it repaints on requestAnimationFrame).
requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
"""

# The selected tab's about:message window (`win`), in a 3-pane tab or a message tab: the
# prelude of the scripts that read or click what the message header shows.
ABOUT_MESSAGE = """
const tabmail = document.getElementById("tabmail");
const t = tabmail.currentTabInfo;
let win = null;
if (t && t.mode.name === "mailMessageTab") win = t.chromeBrowser.contentWindow;
else if (t && t.mode.name === "mail3PaneTab") {
  win = t.chromeBrowser.contentWindow.messageBrowser.contentWindow;
}
"""

# What the selected message tab shows: the product's toolbar button and the banner.
SELECTED_TAB_STATE = """
const [buttonId, legacyId] = arguments;
""" + ABOUT_MESSAGE + """
if (!win) return { error: "selected tab shows no message" };
const doc = win.document;
const out = { messageId: win.gMessage ? win.gMessage.messageId : null };
const button = doc.getElementById(buttonId);
out.buttonFound = !!button;
out.toolbar = [...doc.querySelectorAll("#header-view-toolbar > *")].map(e => e.id);
if (button) {
  out.badge = button.getAttribute("badge");
  out.badgeStyle = button.getAttribute("badgeStyle");
  out.tooltip = button.getAttribute("tooltiptext");
  out.label = button.getAttribute("label");
  out.disabled = button.hasAttribute("disabled");
  out.hidden = button.hidden || button.getBoundingClientRect().width === 0;
  // The icon: ToolbarButtonAPI.updateButton sets it as CSS custom properties (image-set of
  // the 1x and 2x files), per tab, from the manifest's default_icon or setIcon({tabId}).
  out.icon = button.style.getPropertyValue("--webextension-toolbar-image");
  const labelNode = button.querySelector(".toolbarbutton-text");
  out.labelShown = labelNode ? { text: labelNode.textContent || labelNode.getAttribute("value"),
    width: labelNode.getBoundingClientRect().width } : null;
  const image = button.querySelector(".toolbarbutton-icon");
  if (image) out.iconComputed = win.getComputedStyle(image).listStyleImage;
  const badgeNode = button.badgeLabel || button.querySelector(".toolbarbutton-badge");
  if (badgeNode) {
    const cs = win.getComputedStyle(badgeNode);
    out.badgeComputed = {
      background: cs.backgroundColor, color: cs.color, text: badgeNode.textContent,
    };
  }
}
const pane = doc.getElementById("messagepane");
const mdoc = pane && pane.contentDocument;
out.messageLoaded = !!(mdoc && mdoc.readyState === "complete" && mdoc.body);
if (mdoc && mdoc.documentElement) {
  const mwin = mdoc.defaultView;
  // The product's bar is inside a closed shadow root on a host with a random tag and id:
  // find it as chrome code can, through every element's openOrClosedShadowRoot.
  const hosts = [...mdoc.querySelectorAll("*")].filter(e => e.openOrClosedShadowRoot);
  out.shadowHosts = hosts.map(h => h.localName);
  const legacy = mdoc.getElementById(legacyId);
  out.legacyIdElement = legacy
    ? { tag: legacy.localName, shadow: !!legacy.openOrClosedShadowRoot }
    : null;
  const host = hosts.find(h => h.openOrClosedShadowRoot.querySelector("[role=alert]"));
  if (host) {
    const root = host.openOrClosedShadowRoot;
    const bar = root.querySelector("[role=alert]");
    const r = host.getBoundingClientRect();
    const cs = mwin.getComputedStyle(host);
    const view = { width: mwin.innerWidth, height: mwin.innerHeight };
    // What is drawn at the bar's centre (a point inside a shadow tree gives its host).
    const x = Math.min(view.width - 1, r.left + r.width / 2);
    const y = Math.min(view.height - 1, r.top + Math.min(r.height / 2, 12));
    const hit = mdoc.elementFromPoint(x, y);
    const describe = e => e
      ? e.localName + (e.id ? "#" + e.id : "")
        + (typeof e.className === "string" && e.className ? "." + e.className : "")
      : null;
    const pseudo = which => {
      const p = mwin.getComputedStyle(host, which);
      return { content: p.content, display: p.display };
    };
    out.banner = {
      level: (bar.className.match(/level-([a-z]+)/) || [])[1] || null,
      buttons: [...root.querySelectorAll("button.act")].map(
        b => ({ action: b.dataset.action, text: b.textContent })),
      tag: host.localName,
      id: host.id,
      shadowMode: root.mode,
      publicShadowRoot: host.shadowRoot !== null,
      parent: host.parentNode ? host.parentNode.localName : null,
      lastChildOfRoot: host.parentNode === mdoc.documentElement && !host.nextElementSibling,
      text: bar.textContent,
      role: bar.getAttribute("role"),
      lang: bar.getAttribute("lang"),
      rect: { top: r.top, left: r.left, width: r.width, height: r.height },
      viewport: view,
      computed: {
        display: cs.display, visibility: cs.visibility, opacity: cs.opacity,
        position: cs.position, zIndex: cs.zIndex, transform: cs.transform,
        clipPath: cs.clipPath, top: cs.top,
      },
      checkVisibility: host.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
      hit: describe(hit),
      topmost: hit === host,
      before: pseudo("::before"),
      after: pseudo("::after"),
      backdrop: pseudo("::backdrop"),
      topLayer: host.matches(":popover-open"),
      background: mwin.getComputedStyle(bar).backgroundColor,
      visible: r.width > 0 && r.height > 0 && cs.visibility === "visible" && cs.display !== "none"
        && Number(cs.opacity) === 1,
    };
  } else {
    out.banner = null;
  }
  // Whether the mail's own CSS is in effect (the hostile mail's `div {display: none !important}`).
  const probe = mdoc.querySelector(".probe");
  out.mailCss = {
    sheets: mdoc.styleSheets.length,
    rootStyle: mdoc.documentElement.getAttribute("style"),
    rootClip: mwin.getComputedStyle(mdoc.documentElement).clipPath,
    probe: probe ? mwin.getComputedStyle(probe).display : null,
  };
}
return out;
"""

# Click the product's button in the selected message tab, as a user does (mousedown, left).
CLICK_BUTTON = """
const [buttonId] = arguments;
""" + ABOUT_MESSAGE + """
if (!win) return false;
const doc = win.document;
const button = doc.getElementById(buttonId);
if (!button) return false;
window.focus();
const opts = { button: 0, bubbles: true, cancelable: true, view: win };
button.dispatchEvent(new win.MouseEvent("mousedown", opts));
button.dispatchEvent(new win.MouseEvent("mouseup", opts));
return true;
"""

# The extension popup panel, once open and sized.
POPUP_STATE = """
const panels = [...document.querySelectorAll("panel.webextension-popup-panel")];
const out = panels.map(p => {
  const browser = p.querySelector("browser.webextension-popup-browser");
  const r = browser ? browser.getBoundingClientRect() : null;
  return {
    id: p.id,
    state: p.state,
    url: browser && browser.currentURI ? browser.currentURI.spec : null,
    width: r ? r.width : 0,
    height: r ? r.height : 0,
  };
});
return out;
"""

CLOSE_POPUPS = """
for (const p of document.querySelectorAll("panel.webextension-popup-panel")) {
  if (p.state === "open" || p.state === "showing") p.hidePopup();
}
return true;
"""

# Size the main window to the whole (virtual) screen so screenshots show everything.
# (Without a window manager a popup panel wider than the space left of the window's
# right edge is rolled up right after it opens.) Resizing is asynchronous under X: poll
# WINDOW_SIZE afterwards.
FIT_WINDOW = """
const [w, h] = arguments;
window.moveTo(0, 0);
window.resizeTo(w, h);
return [window.outerWidth, window.outerHeight];
"""

WINDOW_SIZE = """
return [window.screenX, window.screenY, window.outerWidth, window.outerHeight];
"""

# Screen rectangle of the product's button in the selected message tab (for a zoomed crop).
BUTTON_RECT = """
const [buttonId] = arguments;
const t = document.getElementById("tabmail").currentTabInfo;
const win = t.chromeBrowser.contentWindow;
const button = t.chromeBrowser.contentDocument.getElementById(buttonId);
if (!button) return null;
const r = button.getBoundingClientRect();
const scale = win.devicePixelRatio || 1;
return {
  x: Math.round((win.mozInnerScreenX + r.left) * scale),
  y: Math.round((win.mozInnerScreenY + r.top) * scale),
  width: Math.round(r.width * scale),
  height: Math.round(r.height * scale),
};
"""

# The moz-extension:// base URL of an installed extension (for diagnostics).
EXTENSION_INFO = """
const [id] = arguments;
const policy = WebExtensionPolicy.getByID(id);
if (!policy) return null;
return { id: policy.id, baseURL: policy.getURL(""), name: policy.name, active: policy.active };
"""

# Attack the warning bar in the selected message tab as a mail's DOM or CSS could, to see
# the banner script repair it: "remove" the host, "hide" it with an inline style, or add
# a <style> to the mail that makes <html> (and so everything in it) transparent. Or
# "close" it as the user does (its close button, inside the shadow root).
ATTACK_BANNER = """
const [action] = arguments;
const t = document.getElementById("tabmail").currentTabInfo;
const mdoc = t.chromeBrowser.contentDocument.getElementById("messagepane").contentDocument;
const host = [...mdoc.querySelectorAll("*")].find(
  e => e.openOrClosedShadowRoot && e.openOrClosedShadowRoot.querySelector("[role=alert]"));
if (!host) return { error: "no banner" };
const before = { tag: host.localName };
if (action === "remove") {
  host.remove();
} else if (action === "hide") {
  host.style.setProperty("display", "none", "important");
  host.style.setProperty("opacity", "0", "important");
} else if (action === "style") {
  const style = mdoc.createElement("style");
  style.textContent = "html { opacity: 0 !important; }";
  mdoc.head.appendChild(style);
} else if (action === "close") {
  host.openOrClosedShadowRoot.querySelector("button.close").click();
} else {
  return { error: "unknown action " + action };
}
return before;
"""

# The root's opacity and inline style in the selected message tab (after ATTACK_BANNER "style").
ROOT_STYLE = """
const t = document.getElementById("tabmail").currentTabInfo;
const mdoc = t.chromeBrowser.contentDocument.getElementById("messagepane").contentDocument;
return {
  opacity: mdoc.defaultView.getComputedStyle(mdoc.documentElement).opacity,
  style: mdoc.documentElement.getAttribute("style"),
};
"""


# The 3-pane tab (the first tab): select it, and the Inbox rows by header Message-ID.
SELECT_3PANE = """
const [done] = arguments;
const tabmail = document.getElementById("tabmail");
const index = tabmail.tabInfo.findIndex(t => t.mode.name === "mail3PaneTab");
tabmail.switchToTab(index);
requestAnimationFrame(() => requestAnimationFrame(() => done(index)));
"""

ROWS_3PANE = """
const tabmail = document.getElementById("tabmail");
const about3Pane = tabmail.currentTabInfo.chromeBrowser.contentWindow;
const view = about3Pane.gDBView;
const out = {};
for (let i = 0; i < view.rowCount; i++) out[view.getMsgHdrAt(i).messageId] = i;
return out;
"""

# Select one row (a user's click in the message list).
SELECT_ROW = """
const [row] = arguments;
const about3Pane = document.getElementById("tabmail").currentTabInfo.chromeBrowser.contentWindow;
about3Pane.threadTree.selectedIndex = row;
return performance.now();
"""

# Record what the 3-pane's message header shows (subject, message) and the product's button
# (label, badge, icon) on every change of either, and (`dense`) also every 2 ms and after every
# paint, with timestamps. The dense sampler loads Thunderbird's main thread (the extension's
# replies wait behind it), so latency is measured with changes only.
SAMPLER_START = """
const [buttonId, dense] = arguments;
const tabmail = document.getElementById("tabmail");
const am = tabmail.currentTabInfo.chromeBrowser.contentWindow.messageBrowser.contentWindow;
const samples = [];
const read = (why) => {
  const doc = am.document;
  const b = doc.getElementById(buttonId);
  const subject = doc.getElementById("expandedsubjectBox");
  const image = b ? b.style.getPropertyValue("--webextension-toolbar-image") : "";
  const icon = (image.match(/icons.([a-z_]+)-16/) || [])[1];
  samples.push([performance.now(), subject ? subject.textContent.trim() : null,
    am.gMessage ? am.gMessage.messageId : null,
    b ? b.getAttribute("label") : null, b ? b.getAttribute("badge") : null, icon || null, why]);
};
const timer = dense ? setInterval(() => read("tick"), 2) : null;
// What was on screen: the state right after each paint of the window.
const painted = () => read("paint");
if (dense) window.addEventListener("MozAfterPaint", painted);
const observers = [{ disconnect: () => window.removeEventListener("MozAfterPaint", painted) }];
const b = am.document.getElementById(buttonId);
if (b) {
  const mo = new MutationObserver(() => read("button"));
  mo.observe(b, { attributes: true });
  observers.push(mo);
}
const s = am.document.getElementById("expandedsubjectBox");
if (s) {
  const mo = new MutationObserver(() => read("subject"));
  mo.observe(s, { childList: true, subtree: true, characterData: true, attributes: true });
  observers.push(mo);
}
window.__honmonoSampler = {
  samples,
  stop() { if (timer) clearInterval(timer); observers.forEach(o => o.disconnect()); },
};
return true;
"""

SAMPLER_STOP = """
const s = window.__honmonoSampler;
if (!s) return [];
s.stop();
window.__honmonoSampler = null;
return s.samples;
"""

# Click a button of the product's bar in the selected tab's message (inside the closed shadow root).
CLICK_BAR_BUTTON = """
const [action] = arguments;
""" + ABOUT_MESSAGE + """
if (!win) return { error: "no message shown" };
const mdoc = win.document.getElementById("messagepane").contentDocument;
const host = [...mdoc.querySelectorAll("*")].find(
  e => e.openOrClosedShadowRoot && e.openOrClosedShadowRoot.querySelector("[role=alert]"));
if (!host) return { error: "no bar" };
const button = host.openOrClosedShadowRoot.querySelector(`button[data-action="${action}"]`);
if (!button) return { error: "no button " + action };
button.click();
return { clicked: button.textContent };
"""

# Where a message is now (folder name), whether it is marked junk, and the Junk folder's flags.
MESSAGE_PLACE = """
const [messageId] = arguments;
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
const root = MailServices.accounts.localFoldersServer.rootFolder;
const out = { folders: {} };
for (const f of root.descendants) {
  const db = f.msgDatabase;
  for (const hdr of db.enumerateMessages()) {
    if (hdr.messageId === messageId) {
      out.folders[f.name] = {
        junkscore: hdr.getStringProperty("junkscore"),
        isJunkFolder: f.getFlag(Ci.nsMsgFolderFlags.Junk),
      };
    }
  }
}
return out;
"""

# The popup opened by the keyboard shortcut: the key as a user presses it, in the main window.
PRESS_SHORTCUT = """
const [key, done] = arguments;
const { windowUtils } = window;
window.focus();
const opts = { key, code: "Key" + key.toUpperCase(), keyCode: key.toUpperCase().charCodeAt(0),
  ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true, view: window };
const target = document.activeElement || document.documentElement;
target.dispatchEvent(new KeyboardEvent("keydown", opts));
const charCode = key.toUpperCase().charCodeAt(0);
target.dispatchEvent(new KeyboardEvent("keypress", { ...opts, charCode }));
target.dispatchEvent(new KeyboardEvent("keyup", opts));
requestAnimationFrame(() => done(true));
"""

# Thunderbird's dark mode (what the OS theme switch does): prefers-color-scheme follows.
SET_DARK = """
const [dark] = arguments;
if (dark) Services.prefs.setIntPref("ui.systemUsesDarkTheme", 1);
else Services.prefs.clearUserPref("ui.systemUsesDarkTheme");
return window.matchMedia("(prefers-color-scheme: dark)").matches;
"""

# Content tabs (the setup page opened on install) and their URLs.
LIST_CONTENT_TABS = """
const tabmail = document.getElementById("tabmail");
return tabmail.tabInfo.filter(t => t.mode.name === "contentTab").map(t => ({
  title: t.title, url: t.browser && t.browser.currentURI ? t.browser.currentURI.spec : null,
}));
"""

# The compose windows (a forward opens one): what the user sees in its To row (the address
# pills), its subject, and the attachment list (nsIMsgAttachment of each listed item).
COMPOSE_WINDOWS = """
return [...Services.wm.getEnumerator("msgcompose")].map(w => {
  const doc = w.document;
  const pills = [...doc.querySelectorAll("#addressRowTo mail-address-pill")];
  const bucket = doc.getElementById("attachmentBucket");
  const items = bucket ? [...bucket.itemChildren] : [];
  return {
    ready: !!w.gMsgCompose && w.document.readyState === "complete",
    to: pills.map(p => p.emailAddress),
    cc: [...doc.querySelectorAll("#addressRowCc mail-address-pill")].map(p => p.emailAddress),
    bcc: [...doc.querySelectorAll("#addressRowBcc mail-address-pill")].map(p => p.emailAddress),
    subject: (doc.getElementById("msgSubject") || {}).value ?? null,
    identity: w.gCurrentIdentity ? w.gCurrentIdentity.email : null,
    attachments: items.map(i => ({
      name: i.attachment.name, url: i.attachment.url, size: i.attachment.size,
      contentType: i.attachment.contentType,
    })),
  };
});
"""

# The bytes behind an attachment URL of a forward (a message URI, e.g. mailbox-message://…),
# as Thunderbird reads them when it sends: latin-1 text, one character per byte.
FETCH_MESSAGE = """
const [uri, done] = arguments;
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
const { NetUtil } = ChromeUtils.importESModule("resource://gre/modules/NetUtil.sys.mjs");
try {
  const url = /^[a-z-]+-message:/.test(uri)
    ? MailServices.messageServiceFromURI(uri).getUrlForUri(uri).spec : uri;
  NetUtil.asyncFetch({ uri: url, loadUsingSystemPrincipal: true }, (stream, status) => {
    if (!Components.isSuccessCode(status)) { done({ error: "status " + status }); return; }
    done({ bytes: NetUtil.readInputStreamToString(stream, stream.available()) });
  });
} catch (e) {
  done({ error: String(e) });
}
"""

# Close every compose window as the user's Close does when nothing is to be saved: the draft
# is discarded, nothing is sent.
CLOSE_COMPOSE = """
let n = 0;
for (const w of Services.wm.getEnumerator("msgcompose")) {
  w.gContentChanged = false;  // no "save as draft?" question: the test discards it
  w.close();
  n++;
}
return n;
"""

# Messages in every folder that holds mail on its way out or sent (Outbox, Sent) or saved
# drafts, across all accounts.
OUTGOING = """
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
const F = Ci.nsMsgFolderFlags;
const out = {};
for (const server of MailServices.accounts.allServers) {
  for (const f of server.rootFolder.descendants) {
    if (!(f.flags & (F.Queue | F.SentMail | F.Drafts))) continue;
    let n = 0;
    try { for (const _ of f.msgDatabase.enumerateMessages()) n++; } catch (e) { n = String(e); }
    out[f.URI] = n;
  }
}
return out;
"""

# Click a button of the open panel (the extension popup, a remote browser): a frame script
# in the popup's process waits for the button (the panel renders after the host answered)
# and clicks it, as a user's click reaches the panel's listener; it answers with its text.
CLICK_PANEL_BUTTON = """
const [action, done] = arguments;
const panel = [...document.querySelectorAll("panel.webextension-popup-panel")]
  .find(p => p.state === "open");
const browser = panel && panel.querySelector("browser.webextension-popup-browser");
if (!browser) { done({ error: "no open panel" }); return; }
const mm = browser.messageManager;
const name = "honmono-e2e:panel-click";
const listener = (msg) => { mm.removeMessageListener(name, listener); done(msg.data); };
mm.addMessageListener(name, listener);
const script = `(${String((act, replyName) => {
  const deadline = Date.now() + 5000;
  const timer = content.setInterval(() => {
    const b = content.document.querySelector('button[data-action="' + act + '"]');
    if (b && !b.disabled) {
      content.clearInterval(timer);
      b.click();
      sendAsyncMessage(replyName, { clicked: b.textContent });
    } else if (Date.now() > deadline) {
      content.clearInterval(timer);
      sendAsyncMessage(replyName, { error: "no button " + act });
    }
  }, 50);
})})(${JSON.stringify(action)}, ${JSON.stringify(name)})`;
mm.loadFrameScript("data:," + encodeURIComponent(script), false);
"""
