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

/** The ELB API's base URL (no trailing slash, no version path: the client adds /v2.0/lbaas). */
export function elbEndpoint(settings: EndpointSettings, catalog?: readonly CatalogService[]): string {
  if (settings.endpoint) return withoutVersion(settings.endpoint);
  if (settings.region && settings.cloud !== "openstack") return `https://elb.${regionDomain(settings.cloud, settings.region)}`;
  const fromCatalog = catalog && catalogEndpoint(catalog, settings.region, settings.cloud);
  if (fromCatalog) return fromCatalog;
  if (settings.cloud === "openstack") {
    throw new ConfigurationError(
      "ELB_NO_ENDPOINT",
      `cannot tell where the load balancer API is: ${catalog ? `the token's catalog has no public load-balancer service${settings.region ? ` in region ${settings.region}` : " (or several: set elb:region)"}` : "no catalog came with the credentials"}; ` +
        "set the endpoint (elb:endpoint, ELB_ENDPOINT) to Octavia's URL",
    );
  }
  throw new ConfigurationError(
    "ELB_NO_ENDPOINT",
    "cannot tell where the ELB API is: set the region (elb:region, OS_REGION_NAME) or the endpoint (elb:endpoint, ELB_ENDPOINT)",
  );
}

/** True when elbEndpoint needs no catalog, so an IAM token can be requested without one. */
export function elbEndpointKnown(settings: EndpointSettings): boolean {
  return Boolean(settings.endpoint || (settings.region && settings.cloud !== "openstack"));
}

/** IAM base URL ending in /v3 (token requests go to `${iamEndpoint}/auth/tokens`). */
export function iamEndpoint(settings: Pick<ResolvedSettings, "cloud" | "region" | "authUrl">): string {
  if (settings.authUrl) {
    const base = trimSlashes(settings.authUrl);
    return base.endsWith("/v3") ? base : `${base}/v3`;
  }
  if (settings.region && settings.cloud !== "openstack") {
    const host =
      settings.cloud === "otc" && settings.region === OTC_SWISS_REGION
        ? `iam-pub.${regionDomain("otc", OTC_SWISS_REGION)}`
        : `iam.${regionDomain(settings.cloud, settings.region)}`;
    return `https://${host}/v3`;
  }
  throw new ConfigurationError(
    "ELB_NO_ENDPOINT",
    settings.cloud === "openstack"
      ? "cannot tell where Keystone is: set the auth URL (elb:authUrl, OS_AUTH_URL, or auth.auth_url in clouds.yaml)"
      : "cannot tell where IAM is: set the region (elb:region, OS_REGION_NAME) or the IAM URL (elb:authUrl, OS_AUTH_URL)",
  );
}

/** "{region}.otc.t-systems.com" and its regional exceptions. */
function regionDomain(cloud: Exclude<CloudName, "openstack">, region: string): string {
  if (cloud === "otc") return region === OTC_SWISS_REGION ? `${region}.sc.otc.t-systems.com` : `${region}.otc.t-systems.com`;
  return region === HUAWEI_EU_REGION ? `${region}.myhuaweicloud.eu` : `${region}.myhuaweicloud.com`;
}

/**
 * The public ELB endpoint of the catalog: on OpenStack the "load-balancer" service (Octavia);
 * elsewhere type "elb" first, then "network" (neutron serves the v2.0 lbaas API on some clouds).
 * Matches the region when one is known; without a region it only answers when there is exactly
 * one candidate, rather than guess.
 */
export function catalogEndpoint(catalog: readonly CatalogService[], region?: string, cloud: CloudName = "otc"): string | undefined {
  for (const type of cloud === "openstack" ? ["load-balancer"] : ["elb", "network"]) {
    const urls = new Set<string>();
    for (const service of catalog) {
      if (service.type !== type) continue;
      for (const endpoint of service.endpoints ?? []) {
        if (endpoint.interface !== "public") continue;
        if (region && endpoint.region !== region && endpoint.region_id !== region) continue;
        const base = cloud === "openstack" ? openstackBaseOf(endpoint.url) : originOf(endpoint.url);
        if (base) urls.add(base);
      }
    }
    if (urls.size === 1) return [...urls][0];
  }
  return undefined;
}

function originOf(url: string): string | undefined {
  try {
    // OTC and Huawei catalog URLs carry a version and project path; the client adds /v2.0/lbaas.
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function openstackBaseOf(url: string): string | undefined {
  try {
    // Octavia may live under a path (devstack's /load-balancer), with or without a version.
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "").replace(/\/v2(\.0)?$/i, "")}`;
  } catch {
    return undefined;
  }
}

/** An endpoint given with a version path (as openstacksdk's endpoint_override often is) loses it. */
function withoutVersion(url: string): string {
  return trimSlashes(url).replace(/\/v2(\.0)?$/i, "");
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}
