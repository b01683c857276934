// Options page: settings in storage.local (sent with every request, merged with an
// administrator's storage.managed presets), and a connection test for the native host.
import { identityAddresses, identityNames, loadSettingsLayers, parseList, saveSettings, resolveLanguage } from "../lib/settings.js";
import { loadTranslator, localizeDocument } from "../lib/i18n.js";
import { renderCommands, renderManagedTrust } from "../lib/render.js";
import { errorTitleKey } from "../lib/display.js";

const api = globalThis.messenger || globalThis.browser;
const $ = (id) => document.getElementById(id);
let t = (k) => k;

async function localize(language) {
  const lang = resolveLanguage(language, api.i18n.getUILanguage());
  document.documentElement.setAttribute("lang", lang);
  t = await loadTranslator(lang, { getURL: (p) => api.runtime.getURL(p) });
  localizeDocument(document, t);
}

/** Show the settings in effect; the trusted servers field holds only the user's own. */
function fill(layers) {
  const settings = layers.effective;
  $("names").value = settings.names.join("\n");
  $("addresses").value = settings.addresses.join("\n");
  $("trust").value = (layers.user.trustAuthserv || []).join("\n");
  $("autoCheck").checked = settings.autoCheck;
  $("dnsLookups").checked = settings.dnsLookups;
  $("language").value = settings.language;
  $(`arrival-${settings.arrival}`).checked = true;
  $("tag-genuine").checked = settings.tagGenuine;
  const managedTrust = renderManagedTrust(document, layers.managed.trustAuthserv, t);
  $("trust-managed").replaceChildren(...(managedTrust ? [managedTrust] : []));
  $("managed-defaults").hidden = !Object.keys(layers.managed).some((k) => k !== "trustAuthserv");
}

function read() {
  return {
    names: parseList($("names").value),
    addresses: parseList($("addresses").value),
    trustAuthserv: parseList($("trust").value),
    autoCheck: $("autoCheck").checked,
    dnsLookups: $("dnsLookups").checked,
    language: $("language").value,
    arrival: (document.querySelector('input[name="arrival"]:checked') || { value: "tag" }).value,
    tagGenuine: $("tag-genuine").checked,
  };
}

function merge(textarea, values) {
  const current = parseList(textarea.value);
  const seen = new Set(current.map((v) => v.toLowerCase()));
  const added = values.filter((v) => !seen.has(v.toLowerCase()));
  textarea.value = [...current, ...added].join("\n");
  return added.length;
}

async function addIdentities() {
  const status = $("identities-status");
  try {
    const accounts = await api.accounts.list();
    const n = merge($("addresses"), identityAddresses(accounts)) + merge($("names"), identityNames(accounts));
    status.textContent = n > 0 ? t("optIdentitiesAdded", n) : t("optIdentitiesNone");
  } catch (e) {
    status.textContent = e && e.message ? e.message : String(e);
  }
}

async function testHost() {
  const out = $("host-status");
  out.replaceChildren();
  out.textContent = t("checking");
  const reply = await api.runtime.sendMessage({ type: "honmono:ping" });
  out.replaceChildren();
  if (reply && reply.ok) {
    out.textContent = t("optHostOk", reply.versions && reply.versions.honmono ? reply.versions.honmono : "?");
    return;
  }
  const title = document.createElement("strong");
  title.textContent = t(errorTitleKey(reply && reply.code));
  out.appendChild(title);
  const detail = document.createElement("p");
  detail.textContent = reply && reply.message ? reply.message : "";
  out.appendChild(detail);
  const commands = renderCommands(document, reply && reply.commands, t);
  if (commands) out.appendChild(commands);
}

async function main() {
  let layers = await loadSettingsLayers(api.storage, console.warn.bind(console));
  await localize(layers.effective.language);
  fill(layers);
  $("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    layers = await saveSettings(api.storage, read());
    await localize(layers.effective.language);
    fill(layers);
    $("save-status").textContent = t("optSaved");
  });
  $("identities").addEventListener("click", addIdentities);
  $("ping").addEventListener("click", () => testHost().catch((e) => { $("host-status").textContent = String(e); }));
}

main();
