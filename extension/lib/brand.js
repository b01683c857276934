// Whether a mail looks like it speaks as the brand, from what Thunderbird already gives the
// extension (the From and Subject of the displayed message), without the host. Used only
// when the host could not check a mail, to decide whether the "could not be checked" bar
// is worth showing; the host's own data (host/honmono/data/amazon/claim.json) decides
// every verdict. Kept here because it is needed exactly when the host is unreachable.

// The brand's names as they appear in display names, addresses and subjects, including
// the digit-for-letter spellings phishing uses.
const BRAND_HINT = /amazon|amaz0n|amzn|アマゾン|prime\s*video|プライム/i;

/** True when the From or Subject of a message header mentions the brand. */
export function looksLikeBrand(header) {
  if (!header || typeof header !== "object") return false;
  const text = [header.author, header.subject].filter((v) => typeof v === "string").join("\n");
  return BRAND_HINT.test(text.normalize("NFKC"));
}
