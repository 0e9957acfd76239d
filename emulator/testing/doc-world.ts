// A world built from the ids and addresses of the documented examples, so each example request
// can be replayed verbatim.
import type { SeedData } from "../types";

export const DOC = {
  projectId: "145483a5107745e9b3d80f956713e6a3",
  vpcId: "a1b2c3d4-0000-4000-8000-000000000001",
  otherVpcId: "a1b2c3d4-0000-4000-8000-000000000002",
  subnet44: "33d8b01a-bbe6-41f4-bc45-78a1d284d503",
  subnet172: "823d5866-6e30-45c2-9b1a-a1ebc3757fdb",
  subnet10: "013d3059-87a4-45a5-91e9-d721068ae0b2",
  subnet77: "03e1458a-fe0d-4e2f-bc4a-44f25a045287",
  subnet2: "4f5e8efe-fbbe-405e-b48c-a41202ef697c",
  foreignSubnet: "9e9e9e9e-0000-4000-8000-00000000f00d",
  lb: "6f52004c-3fe9-4c09-b8ce-ed9d9c74a3b1",
  listener: "6e29b2cd-4e53-40f6-ae7b-29e918de67f2",
  pool: "5a9a3e9e-d1aa-448e-af37-a70171f2a332",
  treeLb: "38278031-cfca-44be-81be-a412f618773b",
  treeListener: "eb84c5b4-9bc5-4bee-939d-3900fb05dc7b",
  treePool: "c54b3286-2349-4c5c-ade1-e6bb0b26ad18",
  treeMonitor: "7422b51a-0ed2-4702-9429-4f88349276c6",
  treeMember: "7bbf7151-0dce-4087-b316-06c7fa17b894",
  extLb: "77bfe95e-9f5b-4cff-afd9-900f8de5775b",
  extPool: "b299051c-a154-4bd6-b630-215151593306",
  extMember1: "50bd4ae0-fdf4-4540-b94a-04ce6241751e",
  extMember2: "fa2045e3-b296-406b-ad12-1611dce44be6",
  detailLb: "3d77894d-2ffe-4411-ac0a-0d57689779b8",
  detailListener: "09e64049-2ab0-4763-a8c5-f4207875dc3e",
  detailPool: "b7e53dbd-62ab-4505-a280-5c066078a5c9",
  listMember: "9a7aff27-fd41-4ec1-ba4c-3eb92c629313",
  detailMember: "cf024846-7516-4e3a-b0fb-6590322c836f",
} as const;

export function docWorld(): SeedData {
  const d = DOC;
  return {
    projectId: d.projectId,
    subnets: [
      { id: d.subnet44, cidr: "192.168.44.0/24", vpcId: d.vpcId },
      { id: d.subnet172, cidr: "192.172.3.0/24", vpcId: d.vpcId },
      { id: d.subnet10, cidr: "10.0.0.0/24", vpcId: d.vpcId },
      { id: d.subnet77, cidr: "192.168.77.0/24", vpcId: d.vpcId },
      { id: d.subnet2, cidr: "192.168.2.0/24", vpcId: d.vpcId },
      { id: d.foreignSubnet, cidr: "172.16.0.0/16", vpcId: d.otherVpcId },
    ],
    loadbalancers: [
      { id: d.lb, name: "lb-1", vipSubnetId: d.subnet44 },
      { id: d.treeLb, name: "lb-jy", vipSubnetId: d.subnet44 },
      { id: d.extLb, name: "lb-ext", vipSubnetId: d.subnet77 },
      { id: d.detailLb, name: "lb-2", vipSubnetId: d.subnet2, vipAddress: "192.168.2.4" },
    ],
    listeners: [
      { id: d.listener, name: "listener-1", loadbalancerId: d.lb, defaultPoolId: d.pool },
      { id: d.treeListener, name: "listener-jy-1", loadbalancerId: d.treeLb, defaultPoolId: d.treePool },
      { id: d.detailListener, name: "listener-2", loadbalancerId: d.detailLb, defaultPoolId: d.detailPool },
    ],
    pools: [
      { id: d.pool, name: "my-pool", loadbalancerId: d.lb, protocol: "TCP", lbAlgorithm: "SOURCE_IP" },
      { id: d.treePool, name: "pool-jy-1", loadbalancerId: d.treeLb, healthmonitorId: d.treeMonitor },
      { id: d.extPool, name: "pool-ext", loadbalancerId: d.extLb, healthmonitorId: "aaaaaaaa-0000-4000-8000-000000000001" },
      { id: d.detailPool, name: "pool-2", loadbalancerId: d.detailLb },
    ],
    members: [
      { id: d.listMember, poolId: d.pool, address: "10.0.0.8", protocolPort: 80, subnetId: d.subnet10, name: "member-name" },
      { id: d.detailMember, poolId: d.pool, address: "192.172.3.100", protocolPort: 8080, subnetId: d.subnet172 },
      { id: d.treeMember, poolId: d.treePool, address: "192.168.44.11", protocolPort: 80, subnetId: d.subnet44 },
      { id: d.extMember1, poolId: d.extPool, address: "192.168.77.11", protocolPort: 880, subnetId: d.subnet77, adminStateUp: false },
      { id: d.extMember2, poolId: d.extPool, address: "192.168.77.12", protocolPort: 880, subnetId: d.subnet77, adminStateUp: false },
      { poolId: d.extPool, address: "192.168.77.13", protocolPort: 880, subnetId: d.subnet77 },
    ],
    memberHealth: { "192.168.77.11": "OFFLINE", "192.168.77.12": "OFFLINE" },
  };
}
