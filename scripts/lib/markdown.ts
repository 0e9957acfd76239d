// Fenced code blocks of a markdown file, for the tests that hold the docs' examples to the SDKs
// and run them.
import * as fs from "node:fs";

/** The bodies of the blocks fenced as ```<language>, in order. */
export function codeBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp("^```" + language + "[ \\t]*\\n([\\s\\S]*?)^```[ \\t]*$", "gm");
  for (const match of markdown.matchAll(fence)) blocks.push(match[1]);
  return blocks;
}

/** codeBlocks of a file. */
export function codeBlocksOf(file: string, language: string): string[] {
  return codeBlocks(fs.readFileSync(file, "utf8"), language);
}
