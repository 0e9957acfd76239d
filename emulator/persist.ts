// Optional persistence: the world as seed data in a JSON file, written atomically (temp file and
// rename) so a crash mid-write never leaves half a file behind.
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorConfigError } from "./errors";
import type { SeedData } from "./types";

export function loadWorld(file: string): SeedData | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as SeedData;
  } catch (err) {
    throw new EmulatorConfigError(`persist file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export function saveWorld(file: string, world: SeedData): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(world, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
