// `make plugin`: the resource plugin pulumi-resource-elb as release archives, one per platform,
// named as `pulumi plugin install resource elb <version> --file <archive>` and Pulumi's plugin
// downloads expect: pulumi-resource-elb-v<version>-<os>-<arch>.tar.gz in dist/plugin-release/.
// The plugin is one JavaScript file (scripts/plugin/bundle.ts); linux-amd64 holds it as a single
// executable with Node.js inside (scripts/plugin/sea.ts), the others beside a launcher that runs
// it on the Node.js 22 found on PATH (scripts/plugin/launchers.ts).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundlePlugin } from "./plugin/bundle";
import { BUNDLE_FILE, cmdLauncher, shLauncher } from "./plugin/launchers";
import { linuxX64Node } from "./plugin/node-binary";
import { thirdPartyNotices } from "./plugin/notices";
import { hostPlatform, launchOf, Platform, PLATFORMS, PLUGIN_NAME, releaseName } from "./plugin/platforms";
import { checkoutRoot } from "./lib/checkout";
import { publish } from "./plugin/publish";
import { buildSingleExecutable } from "./plugin/sea";

const repo = checkoutRoot;
export const RELEASE_DIR = path.join(repo, "dist", "plugin-release");

export interface PluginBuild {
  version: string;
  /** This machine's platform's plugin, unpacked: its executable or launcher is <folder>/pulumi-resource-elb. */
  folder: string;
  /** This machine's platform's archive. */
  tarball: string;
  /** Every platform's archive. */
  archives: Record<Platform, string>;
  /** Every platform's plugin, unpacked (what its archive holds). */
  folders: Record<Platform, string>;
  /** The bundle every archive holds or is made from. */
  bundle: string;
}

export function buildPlugin(): PluginBuild {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
  const version: string = manifest.version;
  const host = hostPlatform();
  if (!host) throw new Error(`build-plugin: Pulumi has no plugins for ${process.platform}-${process.arch}`);

  fs.mkdirSync(RELEASE_DIR, { recursive: true });
  const staging = fs.mkdtempSync(path.join(RELEASE_DIR, ".staging-"));
  try {
    const bundle = bundlePlugin(repo, version, path.join(staging, "bundle", BUNDLE_FILE));
    const notices = thirdPartyNotices(bundle.packages);

    for (const platform of PLATFORMS) {
      const folder = path.join(staging, releaseName(version, platform));
      fs.mkdirSync(folder, { recursive: true });
      const launch = launchOf(platform);
      if (launch === "self-contained") {
        const node = linuxX64Node(repo);
        buildSingleExecutable({ bundleFile: bundle.file, nodeBinary: node.binary, output: path.join(folder, PLUGIN_NAME), workDir: path.join(staging, "sea") });
        const withNode = thirdPartyNotices(bundle.packages, [{ title: `Node.js ${node.version} (MIT and others)`, file: node.licence }]);
        fs.writeFileSync(path.join(folder, "THIRD-PARTY-NOTICES.txt"), withNode);
      } else {
        fs.copyFileSync(bundle.file, path.join(folder, BUNDLE_FILE));
        if (launch === "sh") fs.writeFileSync(path.join(folder, PLUGIN_NAME), shLauncher(), { mode: 0o755 });
        else fs.writeFileSync(path.join(folder, `${PLUGIN_NAME}.cmd`), cmdLauncher());
        fs.writeFileSync(path.join(folder, "THIRD-PARTY-NOTICES.txt"), notices);
      }
      execFileSync("tar", ["-czf", `${folder}.tar.gz`, "-C", folder, "."]);
    }

    const folders = {} as Record<Platform, string>;
    const archives = {} as Record<Platform, string>;
    for (const platform of PLATFORMS) {
      folders[platform] = path.join(RELEASE_DIR, releaseName(version, platform));
      archives[platform] = `${folders[platform]}.tar.gz`;
      publish(path.join(staging, `${releaseName(version, platform)}.tar.gz`), archives[platform]);
      publish(path.join(staging, releaseName(version, platform)), folders[platform]);
    }
    const bundleFile = path.join(RELEASE_DIR, "bundle", BUNDLE_FILE);
    publish(path.join(staging, "bundle"), path.dirname(bundleFile));
    return { version, folder: folders[host], tarball: archives[host], archives, folders, bundle: bundleFile };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const build = buildPlugin();
  const mb = (file: string) => `${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB`;
  console.log(`plugin ${build.version}, one archive per platform in ${path.relative(repo, RELEASE_DIR)}/:`);
  if (launchOf("linux-amd64") !== "self-contained")
    console.log("note: linux-amd64 is self-contained only when built on linux-amd64; this one has the sh launcher");
  for (const platform of PLATFORMS) {
    const how = launchOf(platform) === "self-contained" ? "single executable, Node.js inside" : `${launchOf(platform)} launcher, needs Node.js 22 on PATH`;
    console.log(`  ${platform.padEnd(13)} ${path.relative(repo, build.archives[platform])}  ${mb(build.archives[platform])}  (${how})`);
  }
  console.log(`install it here with: pulumi plugin install resource elb ${build.version} --file ${path.relative(process.cwd(), build.tarball)}`);
}
