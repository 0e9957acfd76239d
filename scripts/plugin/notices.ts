// THIRD-PARTY-NOTICES.txt for an archive: the bundle carries other packages' code, whose licences
// (MIT, Apache-2.0, BSD) ask for their notices to travel with it.
import * as fs from "node:fs";
import * as path from "node:path";

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** One section per package: name, version, licence, and the text of its licence files. */
export function thirdPartyNotices(packageFolders: string[], extra: Array<{ title: string; file: string }> = []): string {
  const sections = packageFolders.map((dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const files = fs
      .readdirSync(dir)
      .filter((name) => LICENCE_FILE.test(name))
      .sort();
    const texts = files.map((name) => fs.readFileSync(path.join(dir, name), "utf8").trim());
    const licence = typeof manifest.license === "string" ? manifest.license : "see the package";
    return [`${manifest.name} ${manifest.version} (${licence})`, texts.length > 0 ? texts.join("\n\n") : "(no licence file in the package)"].join("\n\n");
  });
  for (const { title, file } of extra) sections.push(`${title}\n\n${fs.readFileSync(file, "utf8").trim()}`);
  const rule = `\n\n${"-".repeat(78)}\n\n`;
  return `The ELB resource plugin includes the following software.${rule}${sections.join(rule)}\n`;
}
