// `npm run fuzz`: the engine fuzz suite run long with a random seed (or FUZZ_SEED), printing the seed to reproduce.
// Usage: npm run fuzz [-- <runs per backend>]   Environment: FUZZ_SEED, FUZZ_RUNS, FUZZ_STRICT=1.
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '2000';
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`Fuzzing with FUZZ_SEED=${seed} FUZZ_RUNS=${runs}${process.env.FUZZ_STRICT === '1' ? ' FUZZ_STRICT=1' : ''}`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/robustness/fuzz.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
if (result.status !== 0) console.error(`\nFuzzing failed. Reproduce with: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`);
process.exit(result.status ?? 1);
