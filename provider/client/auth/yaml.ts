// A small YAML reader for clouds.yaml and secure.yaml: block maps and sequences, plain and
// quoted scalars, comments, single-line flow collections ([a, b], {k: v}) and literal block
// scalars (|, for an inline PEM). Scalars stay strings: callers decide what "false" means.
// Anchors, aliases, tags, folded scalars and multi-line quoted strings are refused with the
// line number. Error messages never quote the file's text, since these files hold passwords.

export type YamlValue = string | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export class YamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "YamlError";
  }
}

interface Line {
  /** 1-based, for messages. */
  number: number;
  indent: number;
  /** The line without its indentation. */
  text: string;
}

export function parseYaml(source: string): YamlValue {
  const parser = new Parser(source);
  return parser.document();
}

export function isYamlMap(value: YamlValue | undefined): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class Parser {
  private readonly raw: string[];
  private pos = 0;

  constructor(source: string) {
    this.raw = source.replace(/^\uFEFF/, "").split(/\r?\n/);
  }

  document(): YamlValue {
    const first = this.peek();
    if (first && first.text === "---") this.pos++;
    const start = this.peek();
    if (!start || start.text === "...") return null;
    const value = this.block(start.indent);
    const rest = this.peek();
    if (rest && rest.text !== "...") {
      throw new YamlError(rest.indent > 0 ? "unexpected indentation" : "unexpected content after the document", rest.number);
    }
    return value;
  }

  /** The next line that carries content (skips blank and comment-only lines), without consuming it. */
  private peek(): Line | undefined {
    while (this.pos < this.raw.length) {
      const text = this.raw[this.pos];
      const indentText = /^[ \t]*/.exec(text)![0];
      const body = text.slice(indentText.length);
      if (body === "" || body.startsWith("#")) {
        this.pos++;
        continue;
      }
      if (indentText.includes("\t")) throw new YamlError("tabs are not allowed in indentation", this.pos + 1);
      if (body.startsWith("%")) throw new YamlError("directives are not supported", this.pos + 1);
      return { number: this.pos + 1, indent: indentText.length, text: body.trimEnd() };
    }
    return undefined;
  }

  private block(indent: number): YamlValue {
    const line = this.peek()!;
    if (isSequenceItem(line.text)) return this.sequence(indent);
    if (findMappingColon(line.text, line.number) !== undefined) return this.mapping(indent);
    // A lone scalar document (or a value on its own line).
    this.pos++;
    return scalar(line.text, line.number);
  }

  private mapping(indent: number, firstLine?: Line): YamlMap {
    const map = newMap();
    let line: Line | undefined = firstLine ?? this.peek();
    while (line && line.indent === indent && !isSequenceItem(line.text)) {
      if (line.text === "..." || line.text === "---") break;
      const colon = findMappingColon(line.text, line.number);
      if (colon === undefined) throw new YamlError("expected \"key: value\"", line.number);
      const key = mapKey(line.text.slice(0, colon), line.number);
      const rest = line.text.slice(colon + 1).trim();
      this.pos++;
      map[key] = this.valueAfterIndicator(rest, indent, line.number, true);
      line = this.peek();
    }
    if (line && line.indent > indent) throw new YamlError("unexpected indentation", line.number);
    return map;
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    let line = this.peek();
    while (line && line.indent === indent && isSequenceItem(line.text)) {
      const rest = line.text.slice(1).trimStart();
      const restIndent = indent + (line.text.length - rest.length);
      if (rest !== "" && findMappingColon(rest, line.number) !== undefined) {
        // "- key: value" opens a map whose keys line up with "key".
        items.push(this.mapping(restIndent, { number: line.number, indent: restIndent, text: rest }));
      } else {
        this.pos++;
        items.push(this.valueAfterIndicator(rest, indent, line.number, false));
      }
      line = this.peek();
    }
    if (line && line.indent > indent) throw new YamlError("unexpected indentation", line.number);
    return items;
  }

  /** The value after "key:" or "-": inline, a literal block, or a nested block below. */
  private valueAfterIndicator(rest: string, indent: number, lineNumber: number, inMapping: boolean): YamlValue {
    const inline = stripComment(rest);
    if (/^\|[-+]?$/.test(inline)) return this.literalBlock(indent, inline);
    if (inline.startsWith(">")) throw new YamlError("folded block scalars (>) are not supported", lineNumber);
    if (inline !== "") return scalarOrFlow(inline, lineNumber);
    const next = this.peek();
    if (next && next.indent > indent) return this.block(next.indent);
    // A sequence may sit at the same indentation as its key ("key:\n- a").
    if (inMapping && next && next.indent === indent && isSequenceItem(next.text)) return this.sequence(indent);
    return null;
  }

  private literalBlock(parentIndent: number, header: string): string {
    const lines: string[] = [];
    let contentIndent: number | undefined;
    while (this.pos < this.raw.length) {
      const text = this.raw[this.pos];
      const indent = /^ */.exec(text)![0].length;
      if (text.trim() === "") {
        lines.push("");
        this.pos++;
        continue;
      }
      if (contentIndent === undefined) {
        if (indent <= parentIndent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      lines.push(text.slice(contentIndent));
      this.pos++;
    }
    // Trailing blank lines only matter for chomping ("|+" keeps them).
    let trailing = 0;
    while (trailing < lines.length && lines[lines.length - 1 - trailing] === "") trailing++;
    const content = lines.slice(0, lines.length - trailing).join("\n");
    if (content === "") return "";
    if (header === "|-") return content;
    if (header === "|+") return content + "\n".repeat(trailing + 1);
    return content + "\n";
  }
}

/** Without a prototype, so a key such as "__proto__" is just a key. */
function newMap(): YamlMap {
  return Object.create(null) as YamlMap;
}

function isSequenceItem(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/** Index of the ":" that ends a mapping key on this line, or undefined when it is no mapping line. */
function findMappingColon(text: string, lineNumber: number): number | undefined {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = quotedEnd(text, 0, lineNumber);
    const after = text.slice(end);
    const match = /^\s*:(\s|$)/.exec(after);
    return match ? end + match[0].indexOf(":") : undefined;
  }
  if (text.startsWith("[") || text.startsWith("{")) return undefined;
  const match = /:(\s|$)/.exec(text);
  if (!match) return undefined;
  // "# ..." before the colon means the colon is inside a comment.
  const hash = text.search(/(^|\s)#/);
  if (hash !== -1 && hash < match.index) return undefined;
  return match.index;
}

function mapKey(text: string, lineNumber: number): string {
  const key = text.trim();
  if (key.startsWith("?")) throw new YamlError("complex keys (?) are not supported", lineNumber);
  if (key === "<<") throw new YamlError("merge keys (<<) are not supported", lineNumber);
  if (key.startsWith('"') || key.startsWith("'")) {
    const value = scalar(key, lineNumber);
    return value ?? "";
  }
  if (/^[&*!]/.test(key)) throw new YamlError("anchors, aliases and tags are not supported", lineNumber);
  return key;
}

/** Removes a trailing " # comment" outside quotes. */
function stripComment(text: string): string {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = quotedEnd(text, 0, undefined);
    if (end === -1) return text;
    const after = text.slice(end);
    const hash = after.search(/\s#/);
    return (hash === -1 ? text : text.slice(0, end + hash)).trim();
  }
  if (text.startsWith("#")) return "";
  const hash = text.search(/\s#/);
  return (hash === -1 ? text : text.slice(0, hash)).trim();
}

function scalarOrFlow(text: string, lineNumber: number): YamlValue {
  if (text.startsWith("[") || text.startsWith("{")) {
    const flow = new FlowParser(text, lineNumber);
    const value = flow.value();
    flow.end();
    return value;
  }
  return scalar(text, lineNumber);
}

/** One scalar that fills `text` (after comment removal). */
function scalar(text: string, lineNumber: number): string | null {
  const value = text.trim();
  if (value.startsWith('"') || value.startsWith("'")) {
    const end = quotedEnd(value, 0, lineNumber);
    if (value.slice(end).trim() !== "") throw new YamlError("unexpected text after a quoted string", lineNumber);
    return unquote(value.slice(0, end), lineNumber);
  }
  return plain(value, lineNumber);
}

function plain(value: string, lineNumber: number): string | null {
  if (/^[&*!]/.test(value)) throw new YamlError("anchors, aliases and tags are not supported", lineNumber);
  if (/^[|>]/.test(value)) throw new YamlError("block scalar indicators must stand alone after the key", lineNumber);
  if (value === "" || value === "~" || value === "null" || value === "Null" || value === "NULL") return null;
  return value;
}

/** Index just past the closing quote of the quoted string starting at `start`; -1 when unterminated and no line to blame. */
function quotedEnd(text: string, start: number, lineNumber: number | undefined): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (quote === '"' && char === "\\") {
      i++;
      continue;
    }
    if (char === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  if (lineNumber === undefined) return -1;
  throw new YamlError("unterminated quoted string (multi-line quoted strings are not supported)", lineNumber);
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
};

function unquote(quoted: string, lineNumber: number): string {
  const body = quoted.slice(1, -1);
  if (quoted[0] === "'") return body.replace(/''/g, "'");
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== "\\") {
      out += char;
      continue;
    }
    const code = body[++i];
    const hexLength = code === "x" ? 2 : code === "u" ? 4 : code === "U" ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 1, i + 1 + hexLength);
      if (!new RegExp(`^[0-9A-Fa-f]{${hexLength}}$`).test(hex)) throw new YamlError(`bad \\${code} escape`, lineNumber);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += hexLength;
    } else if (code !== undefined && code in ESCAPES) {
      out += ESCAPES[code];
    } else {
      throw new YamlError("unknown escape in a double-quoted string", lineNumber);
    }
  }
  return out;
}

/** Single-line flow collections: [a, "b", {k: v}] and {k: v, k2: [x]}. */
class FlowParser {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly lineNumber: number,
  ) {}

  value(): YamlValue {
    this.skipSpace();
    const char = this.text[this.i];
    if (char === "[") return this.list();
    if (char === "{") return this.map();
    return this.scalarToken(false);
  }

  end(): void {
    this.skipSpace();
    const rest = this.text.slice(this.i);
    if (rest !== "" && !rest.startsWith("#")) this.fail("unexpected text after a flow collection");
  }

  private list(): YamlValue[] {
    this.i++;
    const items: YamlValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === "]") {
        this.i++;
        return items;
      }
      items.push(this.value());
      this.separator("]");
    }
  }

  private map(): YamlMap {
    this.i++;
    const map = newMap();
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] === "}") {
        this.i++;
        return map;
      }
      const key = this.scalarToken(true) ?? "";
      this.skipSpace();
      if (this.text[this.i] !== ":") this.fail('expected ":" in a flow map');
      this.i++;
      this.skipSpace();
      const next = this.text[this.i];
      map[key] = next === "," || next === "}" ? null : this.value();
      this.separator("}");
    }
  }

  private separator(close: string): void {
    this.skipSpace();
    const char = this.text[this.i];
    if (char === undefined) this.fail("unterminated flow collection");
    if (char === ",") this.i++;
    else if (char !== close) this.fail(`expected "," or "${close}"`);
  }

  private scalarToken(isKey: boolean): string | null {
    const char = this.text[this.i];
    if (char === undefined) this.fail("unterminated flow collection");
    if (char === '"' || char === "'") {
      const end = quotedEnd(this.text, this.i, this.lineNumber);
      const value = unquote(this.text.slice(this.i, end), this.lineNumber);
      this.i = end;
      return value;
    }
    const stop = isKey ? /[,\]}]|:(\s|$)|:(?=[,\]}])/ : /[,\]}]/;
    const rest = this.text.slice(this.i);
    const match = stop.exec(rest);
    const token = match ? rest.slice(0, match.index) : rest;
    this.i += token.length;
    return plain(token.trim(), this.lineNumber);
  }

  private skipSpace(): void {
    while (this.text[this.i] === " " || this.text[this.i] === "\t") this.i++;
  }

  private fail(message: string): never {
    throw new YamlError(message, this.lineNumber);
  }
}
