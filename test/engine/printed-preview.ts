// What the CLI printed for `pulumi preview --diff`, read back line by line: each resource's
// operation and the property lines the CLI marked (~, +, -), the stack outputs it marked, and
// every value it could not show yet. Tests assert on the engine's own text, not on a diff of
// their own making.

export interface PrintedStep {
  /** The resource's name (the last part of its URN). */
  name: string;
  type: string;
  /** "update", "replace", "create", "delete", "same", ... as printed after the type. */
  op: string;
  /** Marked property lines, whitespace collapsed: `~ weight: 1 => 5`. */
  changed: string[];
  /** The name of every top-level property line printed, marked or not. */
  properties: string[];
}

export interface PrintedPreview {
  steps: PrintedStep[];
  /** Marked lines of the `--outputs:--` section, whitespace collapsed. */
  outputs: string[];
  /** Every printed line that shows a value the engine does not know yet. */
  unknowns: string[];
}

const HEADER = /^\s*(?:\+-|-\+|[~+-])?\s*([\w.-]+:[\w./-]+:[\w.-]+): \(([\w-]+)\)$/;
const URN = /^\s*\[urn=(.+)\]$/;
const MARKED = /^\s*(\+-|-\+|[~+-])\s+(\S.*)$/;
const PROPERTY = /^\s*(?:\+-|-\+|[~+-])?\s*(\w+)\s*:/;
const UNKNOWN = /\[unknown\]|output</;

export function readPrintedPreview(stdout: string): PrintedPreview {
  const preview: PrintedPreview = { steps: [], outputs: [], unknowns: [] };
  let section: "steps" | "outputs" | "summary" = "steps";
  let current: PrintedStep | undefined;
  let nameColumn: number | undefined;
  for (const raw of stdout.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (UNKNOWN.test(line)) preview.unknowns.push(collapse(line));
    if (/^\s*--outputs:--$/.test(line)) {
      section = "outputs";
      continue;
    }
    if (/^Resources:$/.test(line.trim())) section = "summary";
    if (section === "summary") continue;
    const header = section === "steps" ? HEADER.exec(line) : null;
    if (header) {
      current = { name: "", type: header[1], op: header[2], changed: [], properties: [] };
      nameColumn = undefined;
      preview.steps.push(current);
      continue;
    }
    const urn = URN.exec(line);
    if (urn && current) {
      current.name = urn[1].split("::").pop() ?? "";
      continue;
    }
    const property = section === "steps" && current ? PROPERTY.exec(line) : null;
    if (property && current) {
      // Top-level names start in the column of the first one; nested keys start further right.
      const column = line.indexOf(property[1]);
      nameColumn ??= column;
      if (column === nameColumn) current.properties.push(property[1]);
    }
    const marked = MARKED.exec(line);
    if (!marked) continue;
    const text = collapse(`${marked[1]} ${marked[2]}`);
    if (section === "outputs") preview.outputs.push(text);
    else current?.changed.push(text);
  }
  return preview;
}

const collapse = (text: string) => text.trim().replace(/\s+/g, " ").replace(/ :/g, ":");

/** The printed steps of resources of one type that change something (no "same"). */
export function printedChanges(stdout: string, typeSuffix: string): Pick<PrintedStep, "name" | "op" | "changed">[] {
  return readPrintedPreview(stdout)
    .steps.filter((step) => step.type.endsWith(typeSuffix) && step.op !== "same")
    .map(({ name, op, changed }) => ({ name, op, changed }));
}
