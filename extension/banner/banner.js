// Message display script: a red warning bar at the top of a message judged phishing.
// Classic script (message display scripts are not modules). Text only, via textContent.
(() => {
  "use strict";
  const api = globalThis.messenger || globalThis.browser;
  const BAR_ID = "honmono-phishing-banner";

  function show(banner) {
    if (!banner || banner.show !== true) return false;
    const doc = document;
    const old = doc.getElementById(BAR_ID);
    if (old) old.remove();

    const bar = doc.createElement("div");
    bar.id = BAR_ID;
    bar.setAttribute("role", "alert");
    bar.setAttribute("lang", String(banner.lang || "en"));

    const icon = doc.createElement("span");
    icon.className = "honmono-banner-icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "⚠";

    const body = doc.createElement("div");
    body.className = "honmono-banner-body";
    const title = doc.createElement("strong");
    title.className = "honmono-banner-title";
    title.textContent = String(banner.title || "");
    body.appendChild(title);
    if (banner.summary) {
      const summary = doc.createElement("p");
      summary.className = "honmono-banner-summary";
      summary.textContent = String(banner.summary);
      body.appendChild(summary);
    }
    if (banner.hint) {
      const hint = doc.createElement("p");
      hint.className = "honmono-banner-hint";
      hint.textContent = String(banner.hint);
      body.appendChild(hint);
    }

    const close = doc.createElement("button");
    close.type = "button";
    close.className = "honmono-banner-close";
    close.textContent = "×";
    close.setAttribute("title", String(banner.close || "Close"));
    close.setAttribute("aria-label", String(banner.close || "Close"));
    close.addEventListener("click", () => bar.remove());

    bar.append(icon, body, close);
    const parent = doc.body || doc.documentElement;
    parent.insertBefore(bar, parent.firstChild);
    return true;
  }

  function ask() {
    api.runtime.sendMessage({ type: "honmono:banner-query" }).then(show, () => {});
  }

  if (globalThis.__honmonoBannerLoaded) {
    ask();
    return;
  }
  globalThis.__honmonoBannerLoaded = true;
  api.runtime.onMessage.addListener((message) => {
    if (message && message.type === "honmono:banner") {
      return Promise.resolve(show(message.banner));
    }
    return undefined;
  });
  ask();
})();
