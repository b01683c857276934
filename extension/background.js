// Background (MV3 event page). See lib/app.js.
import { createApp } from "./lib/app.js";

createApp(globalThis.messenger || globalThis.browser);
