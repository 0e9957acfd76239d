import { redactorFor } from "./redact";

test("every given secret is hidden wherever it appears, the longest first", () => {
  const redact = redactorFor(["QTWAOYTTINDUT2QVKYUC", "s3cret-pass", "s3cret-pass-2", undefined, ""]);
  expect(redact("unknown access key QTWAOYTTINDUT2QVKYUC; QTWAOYTTINDUT2QVKYUC again")).toBe("unknown access key ***; *** again");
  expect(redact("password s3cret-pass-2 refused")).toBe("password *** refused");
  expect(redact("nothing to hide")).toBe("nothing to hide");
});

test("very short values are not treated as secrets", () => {
  expect(redactorFor(["ab"])("a tab and a cab")).toBe("a tab and a cab");
});
