// Writes the settings table (renderSettingsTable) between the settings markers of README.md and
// of docs/installation-configuration.md. Run after changing SETTINGS:
// `make build && node dist/scripts/update-readme-settings.js`.
import * as fs from "node:fs";
import * as path from "node:path";
import { renderSettingsTable } from "../provider/settings/readme-table";

export const SETTINGS_START = "<!-- settings:start -->";
export const SETTINGS_END = "<!-- settings:end -->";

/** `text` with `table` as the only content between the markers; `name` is for the error. */
export function withSettingsTable(text: string, table: string, name = "README.md"): string {
  const start = text.indexOf(SETTINGS_START);
  const end = text.indexOf(SETTINGS_END);
  if (start < 0 || end < start) throw new Error(`${name} needs ${SETTINGS_START} followed by ${SETTINGS_END}`);
  return `${text.slice(0, start + SETTINGS_START.length)}\n${table}\n${text.slice(end)}`;
}

/** README.md of the checkout, from sources (scripts/) or from dist/scripts/. */
export function readmePath(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "README.md"))) return path.join(dir, "README.md");
  }
  throw new Error(`no README.md above ${__dirname}`);
}

/** Each file that holds the table, relative to the checkout, and the table it holds. */
export function settingsDocuments(): Array<{ file: string; table: string }> {
  const root = path.dirname(readmePath());
  // The docs are read apart from the README (in the Registry, say): the README's in-page links
  // point at the repository's page, where GitHub shows the README.
  const { repository } = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")) as { repository: string };
  return [
    { file: "README.md", table: renderSettingsTable() },
    { file: path.join("docs", "installation-configuration.md"), table: renderSettingsTable(undefined, { linkBase: repository }) },
  ];
}

if (require.main === module) {
  const root = path.dirname(readmePath());
  for (const { file, table } of settingsDocuments()) {
    const full = path.join(root, file);
    fs.writeFileSync(full, withSettingsTable(fs.readFileSync(full, "utf8"), table, file));
    console.log(`updated the settings table in ${file}`);
  }
}
