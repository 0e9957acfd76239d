// GET /: the API versions, with a self link to where the client reached us.
import type { Handler } from "../context";

export const versionsHandler: Handler = (ctx) => ({
  status: 200,
  body: { versions: [{ status: "CURRENT", id: "v2.0", links: [{ href: `${ctx.origin}/v2.0`, rel: "self" }] }] },
});
