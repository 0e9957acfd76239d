import { catalogEndpoint, elbEndpoint, elbEndpointKnown, iamEndpoint, type CatalogService } from "./endpoints";
import { ConfigurationError } from "./errors";

describe("elbEndpoint", () => {
  it.each<[string, Parameters<typeof elbEndpoint>[0], string]>([
    ["explicit endpoint wins over region", { cloud: "otc", region: "eu-de", endpoint: "http://127.0.0.1:9999/" }, "http://127.0.0.1:9999"],
    ["otc region", { cloud: "otc", region: "eu-de" }, "https://elb.eu-de.otc.t-systems.com"],
    ["otc eu-nl", { cloud: "otc", region: "eu-nl" }, "https://elb.eu-nl.otc.t-systems.com"],
    ["otc swiss region", { cloud: "otc", region: "eu-ch2" }, "https://elb.eu-ch2.sc.otc.t-systems.com"],
    ["huawei region", { cloud: "huaweicloud", region: "ap-southeast-1" }, "https://elb.ap-southeast-1.myhuaweicloud.com"],
    ["huawei EU region", { cloud: "huaweicloud", region: "eu-west-101" }, "https://elb.eu-west-101.myhuaweicloud.eu"],
  ])("%s", (_name, settings, expected) => {
    expect(elbEndpoint(settings)).toBe(expected);
  });

  const catalog: CatalogService[] = [
    { type: "identity", endpoints: [{ interface: "public", region: "*", url: "https://iam.example/v3" }] },
    { type: "network", endpoints: [{ interface: "public", region: "r1", url: "https://vpc.r1.example" }] },
    {
      type: "elb",
      endpoints: [
        { interface: "internal", region: "r1", url: "https://elb-internal.r1.example" },
        { interface: "public", region: "r1", url: "https://elb.r1.example/v2.0/%(tenant_id)s" },
      ],
    },
  ];

  it("falls back to the catalog's public elb endpoint when there is no region", () => {
    expect(elbEndpoint({ cloud: "otc" }, catalog)).toBe("https://elb.r1.example");
  });

  it("says to set region or endpoint when nothing is known", () => {
    expect(() => elbEndpoint({ cloud: "otc" })).toThrow(ConfigurationError);
    expect(() => elbEndpoint({ cloud: "otc" }, [])).toThrow(
      "cannot tell where the ELB API is: set the region (elb:region, OS_REGION_NAME) or the endpoint (elb:endpoint, ELB_ENDPOINT)",
    );
  });

  it("knows when no catalog is needed", () => {
    expect(elbEndpointKnown({ cloud: "otc" })).toBe(false);
    expect(elbEndpointKnown({ cloud: "otc", region: "eu-de" })).toBe(true);
    expect(elbEndpointKnown({ cloud: "otc", endpoint: "http://x" })).toBe(true);
  });
});

describe("catalogEndpoint", () => {
  const svc = (type: string, region: string, url: string, iface = "public"): CatalogService => ({
    type,
    endpoints: [{ interface: iface, region, url }],
  });

  it("matches the region and prefers type elb over network", () => {
    const catalog = [svc("network", "r1", "https://vpc.r1"), svc("elb", "r2", "https://elb.r2"), svc("elb", "r1", "https://elb.r1")];
    expect(catalogEndpoint(catalog, "r1")).toBe("https://elb.r1");
    expect(catalogEndpoint(catalog, "r2")).toBe("https://elb.r2");
  });

  it("uses network when there is no elb service", () => {
    expect(catalogEndpoint([svc("network", "r1", "https://vpc.r1:443/v2.0")], "r1")).toBe("https://vpc.r1");
  });

  it("does not guess between several regions when none is given", () => {
    expect(catalogEndpoint([svc("elb", "r1", "https://elb.r1"), svc("elb", "r2", "https://elb.r2")])).toBeUndefined();
  });

  it("ignores non-public interfaces and bad URLs", () => {
    expect(catalogEndpoint([svc("elb", "r1", "https://elb.r1", "admin"), svc("elb", "r1", "not a url")], "r1")).toBeUndefined();
  });
});

describe("iamEndpoint", () => {
  it.each<[string, Parameters<typeof iamEndpoint>[0], string]>([
    ["authUrl with /v3", { cloud: "otc", region: "eu-nl", authUrl: "https://iam.example:443/v3" }, "https://iam.example:443/v3"],
    ["authUrl without /v3", { cloud: "otc", authUrl: "https://iam.example/" }, "https://iam.example/v3"],
    ["authUrl with /v3/", { cloud: "otc", authUrl: "http://127.0.0.1:8080/v3/" }, "http://127.0.0.1:8080/v3"],
    ["otc region", { cloud: "otc", region: "eu-de" }, "https://iam.eu-de.otc.t-systems.com/v3"],
    ["otc swiss region", { cloud: "otc", region: "eu-ch2" }, "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"],
    ["huawei region", { cloud: "huaweicloud", region: "cn-north-4" }, "https://iam.cn-north-4.myhuaweicloud.com/v3"],
    ["huawei EU region", { cloud: "huaweicloud", region: "eu-west-101" }, "https://iam.eu-west-101.myhuaweicloud.eu/v3"],
  ])("%s", (_name, settings, expected) => {
    expect(iamEndpoint(settings)).toBe(expected);
  });

  it("says to set region or authUrl when neither is known", () => {
    expect(() => iamEndpoint({ cloud: "otc" })).toThrow(
      "cannot tell where IAM is: set the region (elb:region, OS_REGION_NAME) or the IAM URL (elb:authUrl, OS_AUTH_URL)",
    );
  });
});
