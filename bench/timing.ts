/**
 * Wall-clock timing of one repeatable call: warm up first (so V8 has compiled
 * the hot loops), then time several rounds of repeated calls and keep the
 * median round, which shrugs off a garbage collection or a noisy neighbour.
 */

export interface TimingOptions {
  /** Warm-up: call until this much time has passed (at least once). */
  warmupMs: number;
  /** Each round repeats the call until it has run at least this long. */
  roundMs: number;
  /** Rounds for a call that is fast enough to afford them all. */
  rounds: number;
  /** Fewest rounds, however slow the call. */
  minRounds: number;
  /**
   * Time the timed rounds of one slow call may take; slower calls get fewer
   * rounds (never fewer than minRounds), to keep the whole run short.
   */
  slowCallBudgetMs: number;
}

export const defaultTiming: TimingOptions = {
  warmupMs: 150,
  roundMs: 200,
  rounds: 5,
  minRounds: 2,
  slowCallBudgetMs: 4000,
};

export interface Timing<T> {
  /** Median over the rounds of the mean time of one call in that round. */
  msPerCall: number;
  rounds: number;
  callsPerRound: number;
  /** What the last call returned, for a correctness check off the clock. */
  lastResult: T;
}

export function measure<T>(
    call: () => T, options: TimingOptions = defaultTiming): Timing<T> {
  const warmup = timeCalls(call, options.warmupMs, 1);
  const estimateMs = warmup.elapsedMs / warmup.calls;
  const affordableRounds = Math.floor(options.slowCallBudgetMs / estimateMs);
  const rounds = clamp(affordableRounds, options.minRounds, options.rounds);
  const callsPerRound = Math.max(1, Math.ceil(options.roundMs / estimateMs));

  const roundMs: number[] = [];
  let lastResult = warmup.lastResult;
  for (let r = 0; r < rounds; r++) {
    const round = timeCalls(call, 0, callsPerRound);
    roundMs.push(round.elapsedMs / round.calls);
    lastResult = round.lastResult;
  }
  return {msPerCall: median(roundMs), rounds, callsPerRound, lastResult};
}

/**
 * Like measure, for calls that are compared with each other: the rounds
 * take turns, so a slow spell on the machine hits every call alike. Each
 * call is warmed up and sized on its own; the slowest decides how many
 * rounds fit in the budget for slow calls. Returns each call's timing, in
 * order.
 */
export function measureInterleaved<T>(
    calls: Array<() => T>,
    options: TimingOptions = defaultTiming): Array<Timing<T>> {
  const turns = interleavedTurns(calls, options);
  let turn = turns.next();
  while (!turn.done) {
    turn = turns.next();
  }
  return turn.value;
}

/**
 * measureInterleaved for calls that need something done before each of
 * their turns (warm-up and rounds), off the clock: `enter(i)` before call
 * i's, awaited, such as making its tfjs backend current.
 */
export async function measureInterleavedEntering<T>(
    calls: Array<() => T>, enter: (call: number) => Promise<void>,
    options: TimingOptions = defaultTiming): Promise<Array<Timing<T>>> {
  const turns = interleavedTurns(calls, options);
  let turn = turns.next();
  while (!turn.done) {
    await enter(turn.value);
    turn = turns.next();
  }
  return turn.value;
}

/**
 * The interleaved timing, step by step: yields the index of the call whose
 * turn comes next, before it starts, and returns the timings.
 */
function*
    interleavedTurns<T>(calls: Array<() => T>, options: TimingOptions):
        Generator<number, Array<Timing<T>>, void> {
  const warmups = [];
  for (let i = 0; i < calls.length; i++) {
    yield i;
    warmups.push(timeCalls(calls[i], options.warmupMs, 1));
  }
  const estimatesMs = warmups.map(w => w.elapsedMs / w.calls);
  const affordableRounds =
      Math.floor(options.slowCallBudgetMs / Math.max(...estimatesMs));
  const rounds = clamp(affordableRounds, options.minRounds, options.rounds);
  const callsPerRound = estimatesMs.map(
      estimateMs => Math.max(1, Math.ceil(options.roundMs / estimateMs)));
  const roundMs: number[][] = calls.map(() => []);
  const lastResults = warmups.map(w => w.lastResult);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < calls.length; i++) {
      yield i;
      const round = timeCalls(calls[i], 0, callsPerRound[i]);
      roundMs[i].push(round.elapsedMs / round.calls);
      lastResults[i] = round.lastResult;
    }
  }
  return calls.map((_, i) => ({
                     msPerCall: median(roundMs[i]),
                     rounds,
                     callsPerRound: callsPerRound[i],
                     lastResult: lastResults[i],
                   }));
}

/** Calls until both minMs has passed and minCalls calls were made. */
function timeCalls<T>(call: () => T, minMs: number, minCalls: number) {
  const start = performance.now();
  let calls = 0;
  let elapsedMs = 0;
  let lastResult: T;
  do {
    lastResult = call();
    calls++;
    elapsedMs = performance.now() - start;
  } while (calls < minCalls || elapsedMs < minMs);
  return {elapsedMs, calls, lastResult};
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] :
                                   (sorted[middle - 1] + sorted[middle]) / 2;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
