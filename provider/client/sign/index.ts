// The AK/SK "SDK-HMAC-SHA256" signer: small pure functions, clock and credentials passed in.

export { percentEncode, percentDecode } from "./encode";
export { canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, hashBody, canonicalRequest, sha256Hex } from "./canonical";
export { SIGNING_ALGORITHM, formatSdkDate, stringToSign, signature } from "./signature";
export { signRequest, hostHeader, type SigningCredentials } from "./sign-request";
