// Request counts by route key and status ({"POST /v2.0/...": {"201": 3, "409": 1}}), plus the
// "auth" group (token_issued, failure, failure:<reason>).
import type { Counters } from "./types";

export class CounterSet {
  private readonly data = new Map<string, Map<string, number>>();

  bump(group: string, name: string, by = 1): void {
    let inner = this.data.get(group);
    if (!inner) {
      inner = new Map();
      this.data.set(group, inner);
    }
    inner.set(name, (inner.get(name) ?? 0) + by);
  }

  snapshot(): Counters {
    const out: Counters = {};
    for (const [group, inner] of this.data) out[group] = Object.fromEntries(inner);
    return out;
  }

  clear(): void {
    this.data.clear();
  }
}
