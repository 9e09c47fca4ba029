/**
 * Preloaded into a bot child (`node --expose-gc -r gc-on-signal.js …`) by memory benchmarks: SIGUSR2 runs a
 * full collection, so resident memory is read after the same forced settle in every contender rather than
 * whenever V8 happened to collect.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) process.on("SIGUSR2", () => collect());
