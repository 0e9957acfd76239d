// Where the ELB API and IAM live: an explicit setting wins, then the region's well-known host
// name, then (ELB only) the catalog that came with an IAM token.

import { ConfigurationError } from "./errors";
import type { CloudName, ResolvedSettings } from "./types";

/** One service of the catalog in an IAM token response (token.catalog[]). */
export interface CatalogService {
  type: string;
  name?: string;
  endpoints: Array<{ interface: string; region?: string; region_id?: string; url: string }>;
}

/** Regions whose public endpoints use another domain than the cloud's usual one. */
const OTC_SWISS_REGION = "eu-ch2";
const HUAWEI_EU_REGION = "eu-west-101";

type EndpointSettings = Pick<ResolvedSettings, "cloud" | "region" | "endpoint">;

/** ELB origin (no trailing slash). */
export function elbEndpoint(settings: EndpointSettings, catalog?: readonly CatalogService[]): string {
  if (settings.endpoint) return trimSlashes(settings.endpoint);
  if (settings.region) return `https://elb.${regionDomain(settings.cloud, settings.region)}`;
  const fromCatalog = catalog && catalogEndpoint(catalog, settings.region);
  if (fromCatalog) return fromCatalog;
  throw new ConfigurationError(
    "ELB_NO_ENDPOINT",
    "cannot tell where the ELB API is: set the region (elb:region, OS_REGION_NAME) or the endpoint (elb:endpoint, ELB_ENDPOINT)",
  );
}

/** True when elbEndpoint needs no catalog, so an IAM token can be requested without one. */
export function elbEndpointKnown(settings: EndpointSettings): boolean {
  return Boolean(settings.endpoint || settings.region);
}

/** IAM base URL ending in /v3 (token requests go to `${iamEndpoint}/auth/tokens`). */
export function iamEndpoint(settings: Pick<ResolvedSettings, "cloud" | "region" | "authUrl">): string {
  if (settings.authUrl) {
    const base = trimSlashes(settings.authUrl);
    return base.endsWith("/v3") ? base : `${base}/v3`;
  }
  if (settings.region) {
    const host = settings.cloud === "otc" && settings.region === OTC_SWISS_REGION ? `iam-pub.${regionDomain("otc", OTC_SWISS_REGION)}` : `iam.${regionDomain(settings.cloud, settings.region)}`;
    return `https://${host}/v3`;
  }
  throw new ConfigurationError(
    "ELB_NO_ENDPOINT",
    "cannot tell where IAM is: set the region (elb:region, OS_REGION_NAME) or the IAM URL (elb:authUrl, OS_AUTH_URL)",
  );
}

/** "{region}.otc.t-systems.com" and its regional exceptions. */
function regionDomain(cloud: CloudName, region: string): string {
  if (cloud === "otc") return region === OTC_SWISS_REGION ? `${region}.sc.otc.t-systems.com` : `${region}.otc.t-systems.com`;
  return region === HUAWEI_EU_REGION ? `${region}.myhuaweicloud.eu` : `${region}.myhuaweicloud.com`;
}

/**
 * The public ELB endpoint of the catalog: type "elb" first, then "network" (neutron serves the
 * v2.0 lbaas API on some clouds). Matches the region when one is known; without a region it
 * only answers when there is exactly one candidate, rather than guess.
 */
export function catalogEndpoint(catalog: readonly CatalogService[], region?: string): string | undefined {
  for (const type of ["elb", "network"]) {
    const urls = new Set<string>();
    for (const service of catalog) {
      if (service.type !== type) continue;
      for (const endpoint of service.endpoints ?? []) {
        if (endpoint.interface !== "public") continue;
        if (region && endpoint.region !== region && endpoint.region_id !== region) continue;
        const origin = originOf(endpoint.url);
        if (origin) urls.add(origin);
      }
    }
    if (urls.size === 1) return [...urls][0];
  }
  return undefined;
}

function originOf(url: string): string | undefined {
  try {
    // Catalog URLs may carry a version or project path; the client adds /v2.0/lbaas itself.
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}
