// The settings table, rendered from the settings model; scripts/update-readme-settings.ts writes
// it into README.md and docs/installation-configuration.md, and readme-table.test.ts fails when
// either drifts from it.
import { SETTINGS, type CloudsYamlKey, type SettingSpec } from "./model";

export interface TableOptions {
  /** Put before each in-page link (`](#anchor)`), for a page other than the README the anchors are in. */
  linkBase?: string;
}

/** The settings as a markdown table, for the README and the docs. */
export function renderSettingsTable(settings: readonly SettingSpec[] = SETTINGS, options: TableOptions = {}): string {
  const links = (text: string) => (options.linkBase === undefined ? text : text.replace(/\]\(#/g, `](${options.linkBase}#`));
  const code = (names: readonly string[]) => (names.length === 0 ? "" : names.map((n) => `\`${n}\``).join(", "));
  const yamlKeys = (keys: readonly CloudsYamlKey[]) =>
    keys.length === 0 ? "" : keys.map((k) => `\`${k.path}\`${k.invert ? " (false = insecure)" : ""}`).join(", ");
  const rows = settings.map((s) =>
    [
      `\`${s.configKey}\``,
      code(s.env.otc),
      code(s.env.huaweicloud),
      yamlKeys(s.cloudsYaml),
      s.secret ? "yes" : "",
      links(s.description.replace(/\|/g, "\\|")),
      s.inheritedByProfiles ? "its own, else the top-level value" : "its own only",
    ].join(" | "),
  );
  return [
    "| stack config | environment (otc, openstack) | environment (huaweicloud) | clouds.yaml | secret | description | a profile uses |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}
