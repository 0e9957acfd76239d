// The service catalog: every endpoint points back at the emulator. A project-scoped token lists
// IAM, ELB ("elb", what the provider reads), Neutron ("network") and Octavia's "load-balancer"
// (what OpenStack clients look up); a domain-scoped one only IAM, as OTC's documented example.
import { derivedHexId as hexId } from "../ids";

const REGION = "eu-de";

export type CatalogKind = "project" | "domain";

function endpoint(url: string, service: string, region: string) {
  return { url, region, region_id: region, interface: "public", id: hexId(service, "endpoint") };
}

function service(type: string, name: string, url: string, region = REGION) {
  return { type, id: hexId(name, "service"), name, endpoints: [endpoint(url, name, region)] };
}

export function catalog(origin: string, kind: CatalogKind): unknown[] {
  const iam = service("identity", "iam", `${origin}/v3`, "*");
  if (kind === "domain") return [iam];
  return [iam, service("elb", "elb", origin), service("network", "neutron", origin), service("load-balancer", "octavia", origin)];
}
