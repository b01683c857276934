// Which new mail is worth reading in full: the headers Thunderbird already has (From's
// display name and address, Subject) name Amazon. Deliberately generous: a false "yes"
// costs one getRaw and one host request, a false "no" leaves phishing untagged. The host
// decides the verdict; this only spares it the newsletters.
//
// Only headers are looked at (never a body): mail whose headers do not present Amazon is
// not read at all, which is what "not-Amazon mail is never read" promises, and keeps a
// burst cheap. Amazon phishing that names Amazon only in its body is the price; the
// figures on the shared corpus are in extension/README.md ("Tags on arrival").
//
// The words are those of the host's brand data (host/honmono/brands/amazon/facts/senders.json,
// brand_names, display_name_words and display_name_only_words; claim.json's
// display_name_qualified_words; tests/extension/arrival.test.mjs checks that every one of
// them passes), reduced to what a header search needs.

export const BRAND_WORDS = Object.freeze(["amazon", "amzn", "アマゾン", "プライム会員", "プライムビデオ", "プライムデー", "primevideo", "primemember", "primeday", "kindleunlimited", "オーディブル", "亚马逊", "亞馬遜"]);

// Whole words that present Amazon in a display name, and only there: "Prime US e-Center",
// "Service P\u200br\u200bi\u200bm\u200be ID", "Prime's Video Suspended", "Alexa Support",
// "Kindle Team", "Fire TV Stick Help" (the host then decides whether the name's other words
// make it Amazon's: "Alexa Smith" is a person); in a subject they are ordinary words
// ("prime numbers", "barely audible", "kindle a fire"). A name of two words matches the two
// in a row. Lower case letters, digits and spaces only: each is its own pattern.
export const DISPLAY_NAME_WORDS = Object.freeze(["prime", "audible", "alexa", "kindle", "fire tv", "firetv", "echo dot"]);
// Whole Latin words: Japanese script beside them is another word ("Alexaサポート").
const DISPLAY_NAME_PATTERNS = Object.freeze(DISPLAY_NAME_WORDS.map(
  (word) => new RegExp(`(?<![a-z0-9])${word}(?![a-z0-9])`)));

// Look-alike letters seen in spoofed display names (Cyrillic, Greek, digits), mapped to the
// Latin letter they imitate; NFKC already folds full-width and mathematical letters.
const LOOKALIKES = Object.freeze({
  "а": "a", "ɑ": "a", "α": "a", "о": "o", "ο": "o", "σ": "o", "0": "o", "е": "e", "ε": "e",
  "с": "c", "р": "p", "ρ": "p", "х": "x", "у": "y", "і": "i", "ı": "i", "1": "l", "ӏ": "l",
  "ј": "j", "ѕ": "s", "ԁ": "d", "ո": "n", "η": "n", "м": "m", "ν": "v", "ζ": "z", "ʐ": "z",
  "ᴢ": "z", "ᴍ": "m", "ɴ": "n", "ᴀ": "a", "ᴏ": "o",
});

/**
 * The text as the search sees it: NFKC, lower case, look-alikes mapped, marks and invisible
 * characters (zero-width joiners, BOMs) dropped; with `words`, the other separators become
 * one space, else only letters and digits are kept.
 */
export function foldForSearch(text, { words = false } = {}) {
  if (typeof text !== "string" || !text) return "";
  // Bounded: a header longer than this is not read further (display names and subjects are short).
  const folded = text.slice(0, 4096).normalize("NFKC").toLowerCase().replace(/[\p{M}\p{Cf}]/gu, "");
  let out = "";
  for (const ch of folded) {
    const mapped = LOOKALIKES[ch] || ch;
    // Spaces, dots, zero-width characters and marks between letters do not hide a name.
    if (/[\p{L}\p{N}]/u.test(mapped)) out += mapped;
    else if (words && !out.endsWith(" ")) out += " ";
  }
  return out;
}

/** The display name of an author header ("Name <address>"), or "" for a bare address. */
export function displayName(author) {
  if (typeof author !== "string") return "";
  const at = author.lastIndexOf("<");
  return at > 0 ? author.slice(0, at) : "";
}

/** Whether the mail's header (a messages.MessageHeader) names Amazon. */
export function headerClaimsAmazon(header) {
  if (!header || typeof header !== "object") return false;
  const text = foldForSearch(`${header.author || ""} ${header.subject || ""}`);
  if (BRAND_WORDS.some((word) => text.includes(word))) return true;
  const name = foldForSearch(displayName(header.author), { words: true });
  return DISPLAY_NAME_PATTERNS.some((pattern) => pattern.test(name));
}
