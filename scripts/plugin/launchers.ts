// The launchers of the platforms that run the bundle on the Node.js found on PATH. Both refuse
// to start, saying why, when there is no node or it is older than the plugin needs.
import { PLUGIN_NAME } from "./platforms";

export const MINIMUM_NODE_MAJOR = 22;
export const BUNDLE_FILE = `${PLUGIN_NAME}.js`;

/**
 * POSIX sh (Linux, macOS). Only shell built-ins besides node: the plugin's folder comes from
 * $0 by parameter expansion, so a PATH without coreutils still gets the message about node.
 */
export function shLauncher(): string {
  return `#!/bin/sh
# ${PLUGIN_NAME}: runs the ELB resource plugin (${BUNDLE_FILE} beside this file) on the Node.js found on PATH.
case "$0" in
  */*) dir="\${0%/*}" ;;
  *) dir=. ;;
esac
if ! command -v node >/dev/null 2>&1; then
  echo "${PLUGIN_NAME} needs Node.js ${MINIMUM_NODE_MAJOR} or newer on PATH, and found no node" >&2
  exit 1
fi
# --version answers before Node starts its JavaScript engine, so the check costs a few ms.
version=$(node --version)
major="\${version#v}"
major="\${major%%.*}"
case "$major" in
  "" | *[!0-9]*) major=0 ;;
esac
if [ "$major" -lt ${MINIMUM_NODE_MAJOR} ]; then
  echo "${PLUGIN_NAME} needs Node.js ${MINIMUM_NODE_MAJOR} or newer on PATH, and found $version at $(command -v node)" >&2
  exit 1
fi
exec node "$dir/${BUNDLE_FILE}" "$@"
`;
}

/**
 * Windows batch file, CRLF line ends as cmd.exe expects. The version check is node's own exit
 * status, which needs no quoting of JavaScript inside a `for /f` command.
 */
export function cmdLauncher(): string {
  return [
    "@echo off",
    `rem ${PLUGIN_NAME}: runs the ELB resource plugin (${BUNDLE_FILE} beside this file) on the Node.js found on PATH.`,
    "setlocal",
    "where node >nul 2>nul",
    "if errorlevel 1 (",
    `  echo ${PLUGIN_NAME} needs Node.js ${MINIMUM_NODE_MAJOR} or newer on PATH, and found no node 1>&2`,
    "  exit /b 1",
    ")",
    `node -e "process.exit(parseInt(process.versions.node, 10) >= ${MINIMUM_NODE_MAJOR} ? 0 : 1)"`,
    "if errorlevel 1 (",
    `  for /f "delims=" %%v in ('node --version') do echo ${PLUGIN_NAME} needs Node.js ${MINIMUM_NODE_MAJOR} or newer on PATH, and found %%v 1>&2`,
    "  exit /b 1",
    ")",
    `node "%~dp0${BUNDLE_FILE}" %*`,
    "exit /b %errorlevel%",
    "",
  ].join("\r\n");
}
