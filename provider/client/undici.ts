// undici, loaded at the first HTTP request instead of at start-up: it takes about as long to load
// as the rest of the provider, and the engine waits for the resource plugin's start before
// anything else. Types come from `import type`, which loads nothing.
import type * as Undici from "undici";

let loaded: typeof Undici | undefined;

export function undici(): typeof Undici {
  // A plain require with a literal name, so bundlers still inline it.
  loaded ??= require("undici") as typeof Undici;
  return loaded;
}
