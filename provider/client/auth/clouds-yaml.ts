// Finds one named cloud in clouds.yaml, with secure.yaml (beside it) merged over it, the way
// the OpenStack tools and the OTC Terraform provider read them.

import * as path from "node:path";
import { ConfigurationError } from "./errors";
import { isYamlMap, parseYaml, YamlError, type YamlMap, type YamlValue } from "./yaml";

export const CLOUDS_YAML = "clouds.yaml";
export const SECURE_YAML = "secure.yaml";

/** Where clouds.yaml is looked for, in order; an explicit OS_CLIENT_CONFIG_FILE comes first. */
export function cloudsYamlSearchPaths(env: Record<string, string | undefined>, homeDir: string, cwd: string): string[] {
  const explicit = env.OS_CLIENT_CONFIG_FILE;
  return [
    ...(explicit ? [path.resolve(cwd, expandHome(explicit, homeDir))] : []),
    path.join(cwd, CLOUDS_YAML),
    path.join(homeDir, ".config", "openstack", CLOUDS_YAML),
    path.join("/etc", "openstack", CLOUDS_YAML),
  ];
}

export function expandHome(file: string, homeDir: string): string {
  return file === "~" ? homeDir : file.startsWith("~/") ? path.join(homeDir, file.slice(2)) : file;
}

export interface CloudEntry {
  cloudName: string;
  cloudsPath: string;
  /** Set when a secure.yaml beside clouds.yaml exists. */
  securePath?: string;
  /** A scalar at a dotted path inside the cloud's entry; secure.yaml wins over clouds.yaml. */
  lookup(dottedPath: string): { value: string; origin: string } | undefined;
}

/**
 * Reads the first clouds.yaml that exists on `searchPaths` and returns the entry `cloudName`.
 * Throws when no file exists or the cloud is not in it (naming the files and the clouds found,
 * never a value).
 */
export function loadCloudEntry(cloudName: string, searchPaths: readonly string[], readFile: (file: string) => string | undefined): CloudEntry {
  let cloudsPath: string | undefined;
  let cloudsText: string | undefined;
  for (const candidate of searchPaths) {
    cloudsText = read(readFile, candidate);
    if (cloudsText !== undefined) {
      cloudsPath = candidate;
      break;
    }
  }
  if (cloudsPath === undefined || cloudsText === undefined) {
    throw new ConfigurationError(
      "ELB_CLOUDS_YAML",
      `cloud "${cloudName}" was asked for (elb:cloudsYamlCloud or OS_CLOUD), but no clouds.yaml exists in any of: ${searchPaths.join(", ")}`,
    );
  }
  const securePath = path.join(path.dirname(cloudsPath), SECURE_YAML);
  const secureText = read(readFile, securePath);

  const fromClouds = cloudsOf(parse(cloudsText, cloudsPath), cloudsPath);
  const fromSecure = secureText === undefined ? undefined : cloudsOf(parse(secureText, securePath), securePath);
  const entry = fromClouds?.[cloudName];
  const secureEntry = fromSecure?.[cloudName];
  if (!isYamlMap(entry) && !isYamlMap(secureEntry)) {
    const known = [...Object.keys(fromClouds ?? {}), ...Object.keys(fromSecure ?? {})];
    const list = known.length ? `clouds found: ${[...new Set(known)].join(", ")}` : "it defines no clouds";
    throw new ConfigurationError("ELB_CLOUDS_YAML", `cloud "${cloudName}" is not in ${cloudsPath} (${list})`);
  }

  const layers: Array<[YamlValue | undefined, string]> = [
    [secureEntry, securePath],
    [entry, cloudsPath],
  ];
  return {
    cloudName,
    cloudsPath,
    securePath: secureText === undefined ? undefined : securePath,
    lookup(dottedPath) {
      for (const [root, file] of layers) {
        const value = at(root, dottedPath);
        if (value === undefined || value === null || value === "") continue;
        const where = `clouds.${cloudName}.${dottedPath}`;
        if (typeof value !== "string") {
          throw new ConfigurationError("ELB_CLOUDS_YAML", `${where} in ${file} must be a single value, not a list or map`);
        }
        return { value, origin: `${file} (${where})` };
      }
      return undefined;
    },
  };
}

function read(readFile: (file: string) => string | undefined, file: string): string | undefined {
  try {
    return readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new ConfigurationError("ELB_CLOUDS_YAML", `cannot read ${file}${code ? ` (${code})` : ""}`);
  }
}

function parse(text: string, file: string): YamlValue {
  try {
    return parseYaml(text, file);
  } catch (error) {
    if (error instanceof YamlError) throw new ConfigurationError("ELB_CLOUDS_YAML", error.message);
    throw error;
  }
}

function cloudsOf(document: YamlValue, file: string): YamlMap | undefined {
  if (document === null) return undefined;
  if (!isYamlMap(document)) throw new ConfigurationError("ELB_CLOUDS_YAML", `${file} must be a map with a "clouds" key`);
  const clouds = document.clouds;
  if (clouds === undefined || clouds === null) return undefined;
  if (!isYamlMap(clouds)) throw new ConfigurationError("ELB_CLOUDS_YAML", `"clouds" in ${file} must be a map of cloud names`);
  return clouds;
}

function at(root: YamlValue | undefined, dottedPath: string): YamlValue | undefined {
  let node: YamlValue | undefined = root;
  for (const key of dottedPath.split(".")) {
    if (!isYamlMap(node)) return undefined;
    node = node[key];
  }
  return node;
}
