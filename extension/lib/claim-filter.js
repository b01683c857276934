// Which new mail is worth reading in full: the headers Thunderbird already has (From's
// display name and address, Subject) name Amazon. Deliberately generous: a false "yes"
// costs one getRaw and one host request, a false "no" leaves phishing untagged. The host
// decides the verdict; this only spares it the newsletters.
//
// The words are those of the host's brand data (host/honmono/brands/amazon/facts/senders.json,
// brand_names and display_name_words; tests/extension/claim-filter.test.mjs checks that
// every one of them passes), reduced to what a header search needs.

export const BRAND_WORDS = Object.freeze(["amazon", "amzn", "アマゾン", "プライム会員", "プライムビデオ", "primevideo", "primemember", "kindleunlimited", "オーディブル", "audible"]);

// Look-alike letters seen in spoofed display names (Cyrillic, Greek, digits), mapped to the
// Latin letter they imitate; NFKC already folds full-width and mathematical letters.
const LOOKALIKES = Object.freeze({
  "а": "a", "ɑ": "a", "α": "a", "о": "o", "ο": "o", "σ": "o", "0": "o", "е": "e", "ε": "e",
  "с": "c", "р": "p", "ρ": "p", "х": "x", "у": "y", "і": "i", "ı": "i", "1": "l", "ӏ": "l",
  "ј": "j", "ѕ": "s", "ԁ": "d", "ո": "n", "η": "n", "м": "m", "ν": "v", "ζ": "z", "ʐ": "z",
  "ᴢ": "z", "ᴍ": "m", "ɴ": "n", "ᴀ": "a", "ᴏ": "o",
});

/** The text as the search sees it: NFKC, lower case, look-alikes mapped, only letters and digits. */
export function foldForSearch(text) {
  if (typeof text !== "string" || !text) return "";
  // Bounded: a header longer than this is not read further (display names and subjects are short).
  const folded = text.slice(0, 4096).normalize("NFKC").toLowerCase().replace(/\p{M}/gu, "");
  let out = "";
  for (const ch of folded) {
    const mapped = LOOKALIKES[ch] || ch;
    // Spaces, dots, zero-width characters and marks between letters do not hide a name.
    if (/[\p{L}\p{N}]/u.test(mapped)) out += mapped;
  }
  return out;
}

/** Whether the mail's header (a messages.MessageHeader) names Amazon. */
export function headerClaimsAmazon(header) {
  if (!header || typeof header !== "object") return false;
  const text = foldForSearch(`${header.author || ""} ${header.subject || ""}`);
  return BRAND_WORDS.some((word) => text.includes(word));
}
