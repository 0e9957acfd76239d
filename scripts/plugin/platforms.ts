// The platforms the plugin is released for, named as Pulumi names them in plugin archives
// (pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz), and how each one starts it.

export const PLATFORMS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64", "windows-arm64"] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * self-contained: one executable, Node.js and the bundle in it (no Node.js needed on the machine).
 * sh: a POSIX shell launcher running the bundle on the Node.js found on PATH.
 * cmd: the same as a Windows batch file (the engine looks for <name>.exe or <name>.cmd there).
 */
export type Launch = "self-contained" | "sh" | "cmd";

/**
 * Only linux-amd64 is self-contained, and only when built on linux-amd64: a single executable
 * application is made with the Node.js binary it is injected into (its code cache fits that
 * binary alone), and one that cannot be started where it is built is one nobody checked.
 */
export function launchOf(platform: Platform, buildHost: Platform | undefined = hostPlatform()): Launch {
  if (platform === "linux-amd64" && buildHost === "linux-amd64") return "self-contained";
  return platform.startsWith("windows-") ? "cmd" : "sh";
}

export const PLUGIN_NAME = "pulumi-resource-elb";

export function releaseName(version: string, platform: Platform): string {
  return `${PLUGIN_NAME}-v${version}-${platform}`;
}

/** The platform this process runs on, in Pulumi's naming; undefined for one Pulumi has no plugins for. */
export function hostPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): Platform | undefined {
  const os = platform === "win32" ? "windows" : platform;
  const cpu = arch === "x64" ? "amd64" : arch;
  const name = `${os}-${cpu}`;
  return (PLATFORMS as readonly string[]).includes(name) ? (name as Platform) : undefined;
}
