// Lists the extension's source files for the static tests.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EXTENSION_DIR } from "./fake-messenger.mjs";

export async function listFiles(dir = EXTENSION_DIR) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "__pycache__" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

export async function sources(extensions) {
  const files = (await listFiles()).filter((f) => extensions.includes(path.extname(f)));
  return Promise.all(files.map(async (f) => ({
    file: path.relative(EXTENSION_DIR, f),
    text: await readFile(f, "utf8"),
  })));
}
