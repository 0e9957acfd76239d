// Moving a finished build into place. Engine test files run in parallel jest workers and each
// builds the plugin, so every build is made in a folder of its own and renamed into place: a
// reader sees a whole archive, the old one or the new one, never one being written.
import * as fs from "node:fs";
import * as path from "node:path";

/** Replaces `target` (a file or a folder) with `staged`, which is on the same file system. */
export function publish(staged: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.statSync(staged).isDirectory()) {
    fs.renameSync(staged, target);
    return;
  }
  // rename(2) replaces a file but not a non-empty folder: the old one is moved aside first.
  const aside = `${target}.old-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(target, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    fs.renameSync(staged, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Another build put its folder there in between: made from the same sources, so it stays.
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
    fs.rmSync(staged, { recursive: true, force: true });
  }
  fs.rmSync(aside, { recursive: true, force: true });
}
