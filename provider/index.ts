// The implementation the SDK's dynamic-provider adapter loads by package name at call time
// (require("pulumi-elb-poolmember/dist/provider")), so state holds only a tiny adapter.
export { configure } from "./context";
import * as poolMember from "./resources/pool-member";

export { poolMember };
