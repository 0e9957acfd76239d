// The configuration table of the README and of docs/installation-configuration.md is generated from
// SETTINGS; this fails when either drifts from it.
import * as fs from "node:fs";
import * as path from "node:path";
import { readmePath, settingsDocuments, SETTINGS_END, SETTINGS_START, withSettingsTable } from "../../scripts/update-readme-settings";
import { SETTINGS, settingSpec } from "./model";
import { renderSettingsTable } from "./readme-table";

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
    expect(() => withSettingsTable("no markers", "| t |", "docs/x.md")).toThrow("docs/x.md needs");
  });
});

describe("docs/installation-configuration.md settings table", () => {
  const root = path.dirname(readmePath());
  const documents = settingsDocuments();
  const docs = documents.find((d) => d.file === path.join("docs", "installation-configuration.md"))!;
  const text = fs.readFileSync(path.join(root, docs.file), "utf8");

  test("holds exactly the table renderSettingsTable() produces for it", () => {
    if (text !== withSettingsTable(text, docs.table, docs.file)) {
      throw new Error(`the settings table between ${SETTINGS_START} and ${SETTINGS_END} in ${docs.file} is out of date: ${REGENERATE}`);
    }
  });

  test("is the README's table, with the README's in-page links pointing at the repository's page", () => {
    const readme = documents.find((d) => d.file === "README.md")!;
    const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
    expect(readme.table).toContain("](#changing-members-without-downtime)");
    expect(docs.table).not.toContain("](#");
    expect(docs.table).toBe(readme.table.replaceAll("](#", `](${schema.repository}#`));
  });
});

describe("renderSettingsTable", () => {
  const table = renderSettingsTable();
  const lines = table.split("\n");

  it("has a header, a rule and one row per setting", () => {
    expect(lines[0]).toBe("| stack config | environment (otc, openstack) | environment (huaweicloud) | clouds.yaml | secret | description | a profile uses |");
    expect(lines[1]).toBe("|---|---|---|---|---|---|---|");
    expect(lines).toHaveLength(2 + SETTINGS.length);
  });

  it("renders a row with every source", () => {
    expect(lines).toContain(
      "| `elb:secretKey` | `OS_SECRET_KEY` | `HW_SECRET_KEY`, `OS_SECRET_KEY` | `auth.sk`, `auth.secret_key` | yes | Secret key (SK) for AK/SK request signing. | its own only |",
    );
    expect(lines.find((l) => l.startsWith("| `elb:drainSeconds`"))).toMatch(/\| its own, else the top-level value \|$/);
    expect(lines.find((l) => l.startsWith("| `elb:insecure`"))).toContain("`verify` (false = insecure)");
  });

  it("needs one column for otc and openstack: every setting has the same environment names on both", () => {
    for (const s of SETTINGS) expect(s.env.openstack).toEqual(s.env.otc);
  });

  it("puts linkBase before in-page links only", () => {
    const custom = renderSettingsTable([{ ...settingSpec("region"), description: "see [a](#a) and [b](https://b.example/)" }], {
      linkBase: "https://x.example/r",
    });
    expect(custom.split("\n")[2]).toContain("see [a](https://x.example/r#a) and [b](https://b.example/)");
  });

  it("escapes pipes in descriptions", () => {
    const custom = renderSettingsTable([{ ...settingSpec("region"), description: "a | b" }]);
    expect(custom.split("\n")[2]).toContain("a \\| b");
  });
});
