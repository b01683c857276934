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

# What the selected message tab shows: the product's toolbar button and the banner.
SELECTED_TAB_STATE = """
const [buttonId, legacyId] = arguments;
const tabmail = document.getElementById("tabmail");
const t = tabmail.currentTabInfo;
if (!t || t.mode.name !== "mailMessageTab") return { error: "selected tab is not a message tab" };
const doc = t.chromeBrowser.contentDocument;
const win = t.chromeBrowser.contentWindow;
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
const tabmail = document.getElementById("tabmail");
const t = tabmail.currentTabInfo;
const doc = t.chromeBrowser.contentDocument;
const win = t.chromeBrowser.contentWindow;
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
  host.openOrClosedShadowRoot.querySelector("button").click();
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
