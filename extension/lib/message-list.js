// The shape of what Thunderbird's message listing calls return, in one place for the
// modules that list messages (display, arrival, actions).

/** MV3 gives a MessageList {id, messages}; MV2 gave an array. Accept both (and junk). */
export function normalizeMessageList(list) {
  if (Array.isArray(list)) return list.filter((m) => m && typeof m === "object");
  if (list && typeof list === "object" && Array.isArray(list.messages)) {
    return list.messages.filter((m) => m && typeof m === "object");
  }
  return [];
}
