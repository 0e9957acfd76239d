// Shapes of the ELB v2.0 API objects this provider reads and writes (snake_case, as on the wire).

export interface ApiMember extends OctaviaMemberFields, DedicatedMemberFields {
  id: string;
  tenant_id: string;
  name: string;
  address: string;
  protocol_port: number;
  /** "" for a dedicated load balancer's IP member (v3's subnet_cidr_id left blank). */
  subnet_id: string;
  admin_state_up: boolean;
  weight: number;
  operating_status: string;
}

/**
 * What the dedicated load balancers' v3 API reports beside the v2.0 fields (their names are the
 * API's own). members.ts reads v3's subnet_cidr_id and project_id into subnet_id and tenant_id,
 * so everything above speaks one shape.
 */
export interface DedicatedMemberFields {
  /** "v4" or "v6". */
  ip_version?: string;
  /** "instance" (an ECS's NIC, in a subnet) or "ip" (IP as a backend, no subnet). */
  member_type?: string;
  /** The ECS behind an instance member; "" for an IP member. */
  instance_id?: string;
  availability_zone?: string;
  /** Health per listener of the pool, with the health check's reason when it fails. */
  status?: ApiMemberStatus[];
}

export interface ApiMemberStatus {
  listener_id: string;
  operating_status: string;
  reason?: { reason_code?: string; expected_response?: string; healthcheck_response?: string } | null;
}

/**
 * Octavia's member fields that the shared ELB v2.0 lacks (monitor_address and monitor_port since
 * API 2.0, backup 2.1, tags 2.5). Octavia reports them on every member (null, false and [] when
 * unset); the shared ELB never does. POST and PUT take them; PUT clears a monitor with null.
 */
export interface OctaviaMemberFields {
  monitor_address?: string | null;
  monitor_port?: number | null;
  backup?: boolean;
  tags?: string[];
}

export interface ApiMemberCreate {
  address: string;
  protocol_port: number;
  subnet_id: string;
  name?: string;
  weight?: number;
  admin_state_up?: boolean;
}

export type ApiMemberUpdate = Partial<Pick<ApiMember, "name" | "weight" | "admin_state_up">> & OctaviaMemberFields;

export interface ApiPool {
  id: string;
  name: string;
  loadbalancers?: { id: string }[];
  listeners?: { id: string }[];
  healthmonitor_id?: string | null;
}

export interface ApiLoadBalancer {
  id: string;
  name: string;
  provisioning_status?: string;
  operating_status?: string;
}

export interface ApiLink {
  href: string;
  rel: string;
}

/** Exact-match filters of GET .../members, as the API names them. */
export interface MemberFilters {
  id?: string;
  tenant_id?: string;
  name?: string;
  address?: string;
  protocol_port?: number;
  subnet_id?: string;
  admin_state_up?: boolean;
  weight?: number;
  /** Octavia's: members.ts sends tags as Octavia takes them (comma-separated, every one required). */
  monitor_address?: string;
  monitor_port?: number;
  backup?: boolean;
  tags?: string[];
  /** Dedicated load balancers' (v3). */
  ip_version?: string;
  member_type?: string;
  instance_id?: string;
  availability_zone?: string;
}
