// The checkout's root folder, found from scripts/ and from the compiled dist/scripts/ alike (the
// compiled copies sit one level deeper), so the scripts and the tests run from either.
import * as fs from "node:fs";
import * as path from "node:path";

function findCheckout(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "schema.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no checkout (package.json beside schema.json) above ${start}`);
  }
}

export const checkoutRoot: string = findCheckout(__dirname);
