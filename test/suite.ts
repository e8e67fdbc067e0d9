/**
 * What every backend's Jest suite does the same way: declare the shared
 * cases, and skip or fail when its backend cannot run here.
 */
import {casesByGroup, TestCase} from './cases';

/** One describe per group and one test per case, in the table's order. */
export function describeCases(run: (testCase: TestCase) => Promise<void>) {
  for (const [group, named] of casesByGroup) {
    describe(group, () => {
      for (const testCase of named.values()) {
        test(testCase.name, () => run(testCase));
      }
    });
  }
}

/**
 * Declares the suite `name` when `unavailable` is null. Otherwise it says
 * why the suite cannot run here and how to fix that: under CI (`CI=true`)
 * the suite fails with that message, so that nothing goes untested
 * unnoticed; elsewhere it is skipped with the reason.
 */
export function describeIfAvailable(
    name: string, unavailable: string|null, body: () => void) {
  if (unavailable == null) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    test(`${name} can run`, () => {
      throw new Error(unavailable);
    });
  } else {
    // Jest lists no test names of a fully skipped file: say why here.
    console.warn(`Skipping ${name}: ${unavailable}`);
    test.skip(`${name} skipped: ${unavailable}`, () => {});
  }
}
