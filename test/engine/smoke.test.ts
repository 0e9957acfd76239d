// The engine itself: a minimal dynamic resource goes through create, update and delete in the
// real pulumi CLI. If this fails, nothing else in test/engine can be trusted.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EngineStack, resourcesOfType, teardown } from "./harness";
import { printedChanges } from "./printed-preview";

jest.setTimeout(180_000);

// Writes one file per resource so the test can see what the provider really did.
const fileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const fsm = require("node:fs");
    const file = `${inputs.dir}/${inputs.name}.txt`;
    fsm.writeFileSync(file, inputs.content);
    return { id: file, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: olds.content !== news.content };
  },
  async update(id, _olds, news) {
    require("node:fs").writeFileSync(id, news.content);
    return { outs: news };
  },
  async delete(id) {
    require("node:fs").rmSync(id, { force: true });
  },
};

class FileRecord extends pulumi.dynamic.Resource {
  constructor(name: string, args: { dir: string; name: string; content: string }) {
    super(fileProvider, name, args, undefined, "smoke", "FileRecord");
  }
}

describe("the real engine runs a dynamic provider", () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "elb-smoke-out-"));
  const file = path.join(outDir, "greeting.txt");
  let content = "one";
  let engine: EngineStack;

  beforeAll(async () => {
    engine = await EngineStack.create({
      projectName: "smoke",
      program: async () => {
        const record = new FileRecord("greeting", { dir: outDir, name: "greeting", content });
        return { id: record.id };
      },
    });
  });

  afterAll(() =>
    teardown(
      () => engine?.dispose(),
      () => fs.rmSync(outDir, { recursive: true, force: true }),
    ),
  );

  test("create writes the file", async () => {
    const result = await engine.up();
    expect(result.summary.resourceChanges?.create).toBe(2); // the stack and the record
    expect(fs.readFileSync(file, "utf8")).toBe("one");
    expect(result.outputs.id.value).toBe(file);
    const [record] = resourcesOfType(await engine.exportState(), "smoke:FileRecord");
    expect(record.outputs?.content).toBe("one");
  });

  test("a changed input updates in place", async () => {
    content = "two";
    const preview = await engine.preview();
    expect(printedChanges(preview.stdout, "smoke:FileRecord")).toEqual([{ name: "greeting", op: "update", changed: ['~ content: "one" => "two"'] }]);
    const result = await engine.up();
    expect(result.summary.resourceChanges?.update).toBe(1);
    expect(fs.readFileSync(file, "utf8")).toBe("two");
  });

  test("destroy deletes the file", async () => {
    const result = await engine.destroy();
    expect(result.summary.resourceChanges?.delete).toBe(2);
    expect(fs.existsSync(file)).toBe(false);
  });
});
