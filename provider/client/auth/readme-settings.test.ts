// The README's configuration table is generated from SETTINGS; this fails when they drift apart.
import * as fs from "node:fs";
import { readmePath, SETTINGS_END, SETTINGS_START, withSettingsTable } from "../../../scripts/update-readme-settings";
import { SETTINGS, renderSettingsTable } from "./settings";

const REGENERATE = "regenerate it with `make build && node dist/scripts/update-readme-settings.js`";

describe("README settings table", () => {
  const readme = fs.readFileSync(readmePath(), "utf8");

  test("README.md holds exactly the table renderSettingsTable() produces", () => {
    const expected = withSettingsTable(readme, renderSettingsTable());
    if (readme !== expected) {
      throw new Error(`the settings table between ${SETTINGS_START} and ${SETTINGS_END} in README.md is out of date: ${REGENERATE}`);
    }
  });

  test("every setting has its row, secrets marked", () => {
    const block = readme.slice(readme.indexOf(SETTINGS_START), readme.indexOf(SETTINGS_END));
    for (const spec of SETTINGS) {
      const row = block.split("\n").find((line) => line.startsWith(`| \`${spec.configKey}\` |`));
      expect(row).toBeDefined();
      const cells = row!.split(/(?<!\\)\|/).map((cell) => cell.trim());
      expect([cells[1], cells[5]]).toEqual([`\`${spec.configKey}\``, spec.secret ? "yes" : ""]);
    }
  });

  test("withSettingsTable replaces whatever is between the markers, and only that", () => {
    const text = `a\n${SETTINGS_START}\nold\nrows\n${SETTINGS_END}\nb\n`;
    expect(withSettingsTable(text, "| t |")).toBe(`a\n${SETTINGS_START}\n| t |\n${SETTINGS_END}\nb\n`);
    expect(() => withSettingsTable("no markers", "| t |")).toThrow("README.md needs");
  });
});
