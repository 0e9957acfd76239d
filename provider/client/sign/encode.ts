// Percent-encoding as the SDK-HMAC-SHA256 signer defines it. encodeURIComponent is close but
// leaves ! ' ( ) * unencoded, which the server would encode, so the signatures would differ.

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** Encodes every UTF-8 byte except A-Z a-z 0-9 - _ . ~ as %XX with uppercase hex. */
export function percentEncode(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Decodes %XX escapes; a malformed escape is kept as literal text (it gets re-encoded as %25). */
export function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
