// Writes the settings table (renderSettingsTable) between the settings markers of README.md.
// Run after changing SETTINGS: `make build && node dist/scripts/update-readme-settings.js`.
import * as fs from "node:fs";
import * as path from "node:path";
import { renderSettingsTable } from "../provider/settings/readme-table";

export const SETTINGS_START = "<!-- settings:start -->";
export const SETTINGS_END = "<!-- settings:end -->";

/** The README with `table` as the only content between the markers. */
export function withSettingsTable(readme: string, table: string): string {
  const start = readme.indexOf(SETTINGS_START);
  const end = readme.indexOf(SETTINGS_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${SETTINGS_START} followed by ${SETTINGS_END}`);
  return `${readme.slice(0, start + SETTINGS_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** README.md of the checkout, from sources (scripts/) or from dist/scripts/. */
export function readmePath(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "README.md"))) return path.join(dir, "README.md");
  }
  throw new Error(`no README.md above ${__dirname}`);
}

if (require.main === module) {
  const file = readmePath();
  fs.writeFileSync(file, withSettingsTable(fs.readFileSync(file, "utf8"), renderSettingsTable()));
  console.log(`updated the settings table in ${file}`);
}
