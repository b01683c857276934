// First-run setup (opened once, on install): the user's names (kanji and romanised),
// addresses (from their Thunderbird identities) and the receiving server, detected from the
// Authentication-Results of their recent mail. Saved like the options page saves.
import { identityAddresses, identityNames, loadSettingsLayers, parseList, resolveLanguage, saveSettings } from "../lib/settings.js";
import { loadTranslator, localizeDocument } from "../lib/i18n.js";
import { detectAuthservIds } from "../lib/authserv.js";

const api = globalThis.messenger || globalThis.browser;
const $ = (id) => document.getElementById(id);
let t = (k) => k;

/** A checkbox with a label (text only). */
function choice(name, value, text, checked) {
  const label = document.createElement("label");
  label.className = "check";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = name;
  box.value = value;
  box.checked = checked;
  const span = document.createElement("span");
  span.textContent = ` ${text}`;
  label.append(box, span);
  return label;
}

const isLatin = (s) => /^[\x20-\x7e]+$/.test(s);

async function main() {
  const layers = await loadSettingsLayers(api.storage, console.warn.bind(console));
  const lang = resolveLanguage(layers.effective.language, api.i18n.getUILanguage());
  document.documentElement.setAttribute("lang", lang);
  t = await loadTranslator(lang, { getURL: (p) => api.runtime.getURL(p) });
  localizeDocument(document, t);

  const accounts = await api.accounts.list(false).catch(() => []);
  const names = [...new Set([...layers.effective.names, ...identityNames(accounts)])];
  const addresses = [...new Set([...layers.effective.addresses, ...identityAddresses(accounts)])];
  $("identity-names").replaceChildren(...names.map((n) => choice("name", n, n, true)));
  $("identity-addresses").replaceChildren(...addresses.map((a) => choice("address", a, a, true)));
  $("name-kanji").value = names.find((n) => !isLatin(n)) || "";
  $("name-roman").value = names.find((n) => isLatin(n)) || "";

  const trusted = new Set(layers.effective.trustAuthserv);
  detectAuthservIds(api).then((found) => {
    // For the end-to-end test: how many were found (counts only).
    console.info(`HONMONO-EXT ${JSON.stringify({ event: "setup", servers: found.length, accounts: accounts.length })}`);
    const box = $("servers");
    if (found.length === 0) {
      $("servers-status").textContent = t("setupServersNone");
      return;
    }
    $("servers-status").textContent = t("setupServersFound");
    // Most frequent first; the most frequent of each account is preselected.
    const firstOfAccount = new Set();
    const items = found.map((f) => {
      const pick = trusted.has(f.authservId) || (trusted.size === 0 && !firstOfAccount.has(f.accountId));
      firstOfAccount.add(f.accountId);
      return choice("server", f.authservId, t("setupServerItem", f.authservId, f.accountName, f.count), pick);
    });
    box.append(...items);
  }, (e) => {
    $("servers-status").textContent = t("setupServersNone");
    console.warn("honmono: authserv-id detection failed:", e && e.message);
  });

  $("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = (name) => [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    const typed = [$("name-kanji").value, $("name-roman").value].flatMap((v) => parseList(v));
    await saveSettings(api.storage, {
      ...layers.user,
      names: [...new Set([...picked("name"), ...typed])],
      addresses: picked("address"),
      trustAuthserv: picked("server"),
    });
    $("save-status").textContent = t("setupSaved");
  });
}

main();
