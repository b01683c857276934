"""Chrome-context scripts run through Marionette in Thunderbird's main window.

They only read what the user would see (the toolbar button of the message header, the
message document, the popup panel) or do what the user would do (switch tabs, click the
button). Thunderbird internals used: `tabmail` and its `tabInfo` (mail3PaneTab /
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
const [buttonId, bannerId] = arguments;
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
if (mdoc) {
  const bar = mdoc.getElementById(bannerId);
  if (bar) {
    const r = bar.getBoundingClientRect();
    const cs = mdoc.defaultView.getComputedStyle(bar);
    out.banner = {
      text: bar.textContent,
      role: bar.getAttribute("role"),
      lang: bar.getAttribute("lang"),
      visible: r.width > 0 && r.height > 0 && cs.visibility !== "hidden" && cs.display !== "none",
      top: r.top,
      background: cs.backgroundColor,
      firstChild: mdoc.body && mdoc.body.firstElementChild === bar,
    };
  } else {
    out.banner = null;
  }
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
