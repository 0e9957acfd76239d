// Version discovery. GET / lists the versions (querying_versions.rst); GET /v2.0 and GET /v2 each
// describe one, as Keystone-style discovery (keystoneauth, openstacksdk) expects when the
// endpoint it was given already names a version. Self links point to where the client reached us.
import type { Handler, RequestContext } from "../context";

/** The one API version: documented as v2.0; Octavia's clients also reach it as /v2. */
export const API_VERSION = "v2.0";

function version(ctx: RequestContext, prefix: string) {
  return { status: "CURRENT", id: API_VERSION, links: [{ href: `${ctx.origin}${prefix}`, rel: "self" }] };
}

/**
 * GET /: as querying_api_versions.rst lists them, v3 (dedicated load balancers) CURRENT, then v2
 * and v2.0 (the shared ones, on one world) STABLE; self links added as the v2.0 page shows them.
 */
export const versionsHandler: Handler = (ctx) => ({
  status: 200,
  body: {
    versions: [
      { id: "v3", status: "CURRENT", links: [{ href: `${ctx.origin}/v3`, rel: "self" }] },
      { id: "v2", status: "STABLE", links: [{ href: `${ctx.origin}/v2`, rel: "self" }] },
      { id: API_VERSION, status: "STABLE", links: [{ href: `${ctx.origin}/v2.0`, rel: "self" }] },
    ],
  },
});

/** GET <prefix>: the version document of the API served under that prefix. */
export function versionHandler(prefix: string): Handler {
  return (ctx) => ({ status: 200, body: { version: version(ctx, prefix) } });
}

/**
 * GET /v3: the identity version document, so keystoneauth's discovery on an auth URL ending in
 * /v3 succeeds instead of falling back to guessing the version from the URL.
 */
export const identityVersionHandler: Handler = (ctx) => ({
  status: 200,
  body: {
    version: {
      id: "v3.0",
      status: "stable",
      links: [{ rel: "self", href: `${ctx.origin}/v3/` }],
      "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
    },
  },
});
