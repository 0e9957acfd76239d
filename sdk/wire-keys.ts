// Keys the dynamic-provider host's wire carries beside a PoolMember's properties.

/** The serialized adapter, which the host itself puts in every resource's inputs and state. */
export const PROVIDER_KEY = "__provider";
/** The resource's name: the SDK adds it, since the host tells a dynamic provider no URN. */
export const DECLARED_BY_KEY = "__declaredBy";
