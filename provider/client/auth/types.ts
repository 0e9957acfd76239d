// The contract between credential resolution and the HTTP client. The client only ever asks an
// Authenticator for the headers of one attempt; how they are made (token, AK/SK signature,
// IAM password session) stays behind it.

import type { InsecureHttpLevel } from "./clear-text";

/** One attempt of a request, exactly as it will be sent (the body bytes are what gets signed). */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface Authenticator {
  /** Which method this is, for error messages. */
  readonly method: AuthMethodKind;
  /** Headers to add to this attempt. Called again for every retry (signatures are per attempt). */
  authorize(request: OutgoingRequest): Promise<Record<string, string>>;
  /**
   * The API answered 401 to a request sent with `sentHeaders`. Returns true when fresh
   * credentials were obtained and the request is worth replaying once.
   */
  renewAfterUnauthorized(sentHeaders: Record<string, string>): Promise<boolean>;
}

export type AuthMethodKind = "none" | "token" | "aksk" | "password" | "applicationCredential";

export type AuthMethod =
  | { kind: "none" }
  | { kind: "token"; token: string }
  | { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string }
  | {
      kind: "password";
      username?: string;
      userId?: string;
      password: string;
      domainName?: string;
      domainId?: string;
    }
  | {
      /** A Keystone application credential: by id, or by name together with its user. */
      kind: "applicationCredential";
      id?: string;
      name?: string;
      secret: string;
      username?: string;
      userId?: string;
      domainName?: string;
      domainId?: string;
    };

import type { LoadBalancerType } from "../../settings/model";

/** "openstack" is any OpenStack cloud with Keystone and Octavia (the load-balancer service). */
export type CloudName = "otc" | "huaweicloud" | "openstack";

/** Everything the provider needs to talk to one ELB endpoint, after every source was consulted. */
export interface ResolvedSettings {
  cloud: CloudName;
  /** Shared (ELB v2.0) or dedicated (ELB v3) load balancers; always "shared" on openstack. */
  loadBalancerType: LoadBalancerType;
  auth: AuthMethod;
  region?: string;
  projectId?: string;
  projectName?: string;
  /** The domain of projectName, when it is not the user's (Keystone's project_domain_*). */
  projectDomainName?: string;
  projectDomainId?: string;
  authUrl?: string;
  /** Explicit ELB endpoint (origin, e.g. https://elb.eu-de.otc.t-systems.com); wins over region. */
  endpoint?: string;
  insecure: boolean;
  /** What allowInsecureHttp allows over http:// to hosts that are not loopback; "off" when unset. */
  allowInsecureHttp?: InsecureHttpLevel;
  /** PEM text of extra CA certificates. */
  caCert?: string;
  /** For messages: which source supplied each setting ("stack config elb:region", "env OS_REGION_NAME", ...). Never values. */
  origins: Record<string, string>;
}

/** A minimal transport for auth calls (the IAM token request), so auth code never imports undici. */
export interface AuthTransport {
  post(url: URL, body: string, headers: Record<string, string>): Promise<AuthResponse>;
  get(url: URL, headers: Record<string, string>): Promise<AuthResponse>;
}

export interface AuthResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
