import { Router } from "./router";

const router = new Router<string>([
  { method: "GET", pattern: "/v2.0/lbaas/pools/{pool_id}/members", handler: "list" },
  { method: "POST", pattern: "/v2.0/lbaas/pools/{pool_id}/members", handler: "create" },
  { method: "GET", pattern: "/v2.0/lbaas/pools/{pool_id}/members/{member_id}", handler: "get" },
]);

test("matches patterns, decodes parameters and tolerates a trailing slash", () => {
  const m = router.match("GET", "/v2.0/lbaas/pools/a%20b/members/m1/");
  expect(m).toEqual({ kind: "found", route: expect.objectContaining({ handler: "get" }), params: { pool_id: "a b", member_id: "m1" } });
  if (m.kind === "found") expect(m.route.key).toBe("GET /v2.0/lbaas/pools/{pool_id}/members/{member_id}");
});

test("a known path with another method reports the allowed methods; unknown paths match nothing", () => {
  expect(router.match("DELETE", "/v2.0/lbaas/pools/p/members")).toEqual({ kind: "method", allowed: ["GET", "POST"] });
  expect(router.match("GET", "/v2.0/lbaas/pools//members")).toEqual({ kind: "none" });
  expect(router.match("GET", "/v2.0/lbaas/pools/p")).toEqual({ kind: "none" });
});
