import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, access } from "node:fs/promises";
import path from "node:path";

import { EXTENSION_DIR } from "./fake-messenger.mjs";

const manifest = JSON.parse(await readFile(path.join(EXTENSION_DIR, "manifest.json"), "utf8"));

test("Manifest V3 for Thunderbird 128 and newer, id honmono@honmono", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.browser_specific_settings.gecko, { id: "honmono@honmono", strict_min_version: "128.0" });
  assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  assert.ok(["en", "ja"].includes(manifest.default_locale));
});

test("permissions: exactly what the add-on uses", () => {
  assert.deepEqual([...manifest.permissions].sort(), [
    "accountsFolders", // folders.create: a Junk folder for a POP or Local account that has none (the Junk option)
    "accountsRead", // options: offer the user's identities; new-mail events, folders.query (Junk)
    "compose", // 「報告する」: a forward-as-attachment draft the user sends
    "menus", // "Check with Honmono" on messages and folders
    "messagesDelete", // 「削除」 (to the Trash)
    "messagesModify", // message display scripts (banner), as documented up to MV2/TB 128
    "messagesMove", // 「迷惑メールにする」 and the arrival option: to the account's Junk folder
    "messagesRead", // getRaw, messageDisplay, scripting.messageDisplay
    "messagesTags", // create Honmono's three tags
    "messagesTagsList", // find them
    "messagesUpdate", // tag a message, mark it as junk (「迷惑メールにする」, arrival)
    "nativeMessaging", // the host
    "scripting", // scripting.messageDisplay / executeScript / insertCSS (MV3)
    "storage", // settings
  ].sort());
  assert.equal(manifest.host_permissions, undefined);
});

test("toolbar button on displayed messages opens the popup; options page; module background", () => {
  assert.equal(manifest.message_display_action.default_popup, "popup/popup.html");
  assert.equal(manifest.options_ui.page, "options/options.html");
  assert.deepEqual(manifest.background, { scripts: ["background.js"], type: "module" });
});

test("a keyboard shortcut opens the panel (the button's popup)", () => {
  const cmd = manifest.commands && manifest.commands._execute_message_display_action;
  assert.ok(cmd && cmd.suggested_key && /^(Ctrl|Alt)\+Shift\+[A-Z]$/.test(cmd.suggested_key.default), manifest.commands);
  assert.match(cmd.description, /^__MSG_\w+__$/);
});

test("every file the manifest names exists", async () => {
  const refs = [
    ...Object.values(manifest.icons),
    ...Object.values(manifest.message_display_action.default_icon),
    ...manifest.background.scripts,
    manifest.message_display_action.default_popup,
    manifest.options_ui.page,
    `_locales/${manifest.default_locale}/messages.json`,
    "banner/banner.js",
  ];
  for (const ref of refs) await access(path.join(EXTENSION_DIR, ref));
});

test("icons are real PNGs of the declared sizes", async () => {
  for (const [size, file] of Object.entries(manifest.icons)) {
    const buf = await readFile(path.join(EXTENSION_DIR, file));
    assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
    assert.equal(buf.readUInt32BE(16), Number(size), `${file} width`);
    assert.equal(buf.readUInt32BE(20), Number(size), `${file} height`);
  }
});
