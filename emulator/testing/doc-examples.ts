// The example responses of the API reference pages, as the contract tests compare shapes with
// them (field names and JSON types; values differ by world).

export const CREATE_MEMBER_RESPONSE = {
  member: {
    name: "member-jy-tt-1",
    weight: 1,
    admin_state_up: true,
    subnet_id: "33d8b01a-bbe6-41f4-bc45-78a1d284d503",
    tenant_id: "145483a5107745e9b3d80f956713e6a3",
    address: "192.168.44.11",
    protocol_port: 88,
    operating_status: "ONLINE",
    id: "c0042496-e220-44f6-914b-e6ca33bab503",
  },
};

export const LIST_MEMBERS_RESPONSE = {
  members: [
    {
      address: "10.0.0.8",
      admin_state_up: true,
      id: "9a7aff27-fd41-4ec1-ba4c-3eb92c629313",
      protocol_port: 80,
      subnet_id: "013d3059-87a4-45a5-91e9-d721068ae0b2",
      tenant_id: "1a3e005cf9ce40308c900bcb08e5320c",
      weight: 1,
      operating_status: "ONLINE",
      name: "member-name",
    },
  ],
};

export const GET_MEMBER_RESPONSE = {
  member: {
    name: "",
    weight: 1,
    admin_state_up: true,
    subnet_id: "823d5866-6e30-45c2-9b1a-a1ebc3757fdb",
    tenant_id: "145483a5107745e9b3d80f956713e6a3",
    address: "192.172.3.100",
    protocol_port: 8080,
    operating_status: "ONLINE",
    id: "e58f5bfa-0e46-4bc5-951c-8473d3e5f24a",
  },
};

export const UPDATE_MEMBER_RESPONSE = CREATE_MEMBER_RESPONSE;

const extMember = {
  name: "",
  weight: 1,
  admin_state_up: false,
  subnet_id: "03e1458a-fe0d-4e2f-bc4a-44f25a045287",
  tenant_id: "573d73c9f90e48d0bddfa0eb202b25c2",
  pool_id: "b299051c-a154-4bd6-b630-215151593306",
  loadbalancer_id: "77bfe95e-9f5b-4cff-afd9-900f8de5775b",
  device_owner: "",
  address: "192.168.77.11",
  protocol_port: 880,
  id: "50bd4ae0-fdf4-4540-b94a-04ce6241751e",
  operating_status: "OFFLINE",
  device_id: "",
};

export const EXTENSION_LIST_RESPONSE = { members: [extMember, { ...extMember, address: "192.168.77.12" }] };

export const EXTENSION_PAGE_RESPONSE = {
  members_links: [
    {
      href: "https://network.localdomain.com:8020/v2.0/lbaas/members?pool_id=b299051c-a154-4bd6-b630-215151593306&marker=50bd4ae0-fdf4-4540-b94a-04ce6241751e&page_reverse=True",
      rel: "previous",
    },
  ],
  members: [extMember, { ...extMember, address: "192.168.77.12" }],
};

export const POOL_RESPONSE = {
  pool: {
    lb_algorithm: "SOURCE_IP",
    protocol: "TCP",
    description: "",
    admin_state_up: true,
    loadbalancers: [{ id: "6f52004c-3fe9-4c09-b8ce-ed9d9c74a3b1" }],
    tenant_id: "1867112d054b427e808cc6096d8193a1",
    session_persistence: null,
    healthmonitor_id: null,
    listeners: [{ id: "6e29b2cd-4e53-40f6-ae7b-29e918de67f2" }],
    members: [],
    id: "5a9a3e9e-d1aa-448e-af37-a70171f2a332",
    name: "my-pool",
  },
};

export const LOADBALANCER_RESPONSE = {
  loadbalancer: {
    description: "",
    admin_state_up: true,
    tenant_id: "1867112d054b427e808cc6096d8193a1",
    provisioning_status: "ACTIVE",
    vip_subnet_id: "4f5e8efe-fbbe-405e-b48c-a41202ef697c",
    listeners: [{ id: "09e64049-2ab0-4763-a8c5-f4207875dc3e" }],
    vip_address: "192.168.2.4",
    vip_port_id: "c7157e7a-036a-42ca-8474-100be22e3727",
    provider: "vlb",
    pools: [{ id: "b7e53dbd-62ab-4505-a280-5c066078a5c9" }],
    id: "3d77894d-2ffe-4411-ac0a-0d57689779b8",
    operating_status: "ONLINE",
    tags: [],
    name: "lb-2",
    created_at: "2018-07-25T01:54:13",
    updated_at: "2018-07-25T01:54:14",
  },
};

const treeMember = {
  protocol_port: 80,
  address: "192.168.44.11",
  id: "7bbf7151-0dce-4087-b316-06c7fa17b894",
  operating_status: "ONLINE",
  provisioning_status: "ACTIVE",
};
const treePool = {
  name: "pool-jy-1",
  provisioning_status: "ACTIVE",
  healthmonitor: { type: "TCP", id: "7422b51a-0ed2-4702-9429-4f88349276c6", name: "", provisioning_status: "ACTIVE" },
  members: [treeMember],
  id: "c54b3286-2349-4c5c-ade1-e6bb0b26ad18",
  operating_status: "ONLINE",
};

export const STATUS_TREE_RESPONSE = {
  statuses: {
    loadbalancer: {
      name: "lb-jy",
      provisioning_status: "ACTIVE",
      listeners: [
        {
          name: "listener-jy-1",
          provisioning_status: "ACTIVE",
          pools: [treePool],
          l7policies: [],
          id: "eb84c5b4-9bc5-4bee-939d-3900fb05dc7b",
          operating_status: "ONLINE",
        },
      ],
      pools: [treePool],
      id: "38278031-cfca-44be-81be-a412f618773b",
      operating_status: "ONLINE",
    },
  },
};

export const VERSIONS_RESPONSE = {
  versions: [{ status: "CURRENT", id: "v2.0", links: [{ href: "http://192.168.82.231:9696/v2.0", rel: "self" }] }],
};
