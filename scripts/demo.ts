// `make demo` runs examples/basic against the local emulator through the real pulumi CLI.
// The emulator and the PoolMember resource are not built yet, so this says so and fails.
console.error("make demo needs the ELB emulator and the PoolMember resource, which are not built yet.");
console.error("The toolchain is ready: `make test` runs the engine smoke test through the real pulumi CLI.");
process.exit(1);
