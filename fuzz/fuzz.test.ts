import { describe, expect, it } from 'vitest';
import { fixtureCorpus, regressionInputs, runFuzz, type FuzzReport } from './fuzzer.js';

/** The findings in words, so that a failing run says what broke on which input. */
const findings = (report: FuzzReport): string[] =>
  report.findings.map((f) => `${f.kind} on ${f.input} after ${f.mutations.join(' + ')}: ${f.message}`);

const WATCHDOG = { timeoutMs: 10_000, memoryMb: 512 };

describe('the fuzzer', () => {
  it('reads every kept regression input again without a crash, a hang or an overflow', async () => {
    const kept = regressionInputs();
    expect(kept.length).toBeGreaterThanOrEqual(11);
    // each input as it was found (no mutation): one pass of the corpus with the loss check's reading
    const report = await runFuzz({
      seed: 1,
      inputs: 0,
      corpus: kept,
      ...WATCHDOG,
      size: { hugeLineChars: 0, nesting: 0 },
      lossCuts: 1,
    });
    expect(findings(report)).toEqual([]);
  }, 120_000);

  it('a bounded smoke: 2,000 mutated fixtures of every reader, a fixed seed, no crash, hang, overflow or loss', async () => {
    const report = await runFuzz({
      seed: 20261202,
      inputs: 2000,
      corpus: fixtureCorpus(),
      ...WATCHDOG,
      size: { hugeLineChars: 100_000, nesting: 10_000 },
      lossCuts: 2,
    });
    expect(findings(report)).toEqual([]);
    expect(report.inputs).toBe(2000);
    // most mutated inputs still read; the rest are refused with a clear error, none silently
    expect(report.read + report.refused).toBe(2000);
    expect(report.read).toBeGreaterThan(1000);
    expect(report.lossChecks).toBeGreaterThan(20);
  }, 120_000);
});
