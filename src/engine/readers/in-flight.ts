/**
 * How many requests a reader keeps in flight. The limiter decides when a request may start; this only
 * makes sure one is ready to start when it may. One request at a time keeps the budget busy as long as
 * an answer comes back before the next start is allowed (answer time <= spacing, the window over the
 * rate); slower answers need ceil(answer time / spacing) requests in flight, never more than `max`.
 *
 * The answer time is the median of the last few pages (one slow or fast page does not move it), and
 * nothing is decided on fewer than two pages: the first one also pays for the connection and cold
 * caches. Answers under SLOW_ANSWER_MS (real time) never add requests: one request at a time then
 * already starts 240 a minute, more than any budget Movidesk grants, and what is left is network and
 * machine noise.
 */
export const SLOW_ANSWER_MS = 250;
const SAMPLES = 5;
const MIN_SAMPLES = 2;

export class InFlightController {
  private readonly answers: number[] = [];

  constructor(
    /** max_concurrent_requests. */
    private readonly max: number,
    /** Spacing between request starts that the rate limit allows now (ms); changes at night and after a 429. */
    private readonly spacingMs: () => number,
  ) {}

  /** A page's answer time (ms), from its start past the limiter to its answer. */
  observe(answerMs: number): void {
    this.answers.push(answerMs);
    if (this.answers.length > SAMPLES) this.answers.shift();
  }

  /** The answer time the decision uses; undefined until enough pages were answered. */
  answerMs(): number | undefined {
    if (this.answers.length < MIN_SAMPLES) return undefined;
    const sorted = [...this.answers].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }

  /** Requests to keep in flight now: 1 up to `max`. */
  desired(): number {
    const answer = this.answerMs();
    if (this.max <= 1 || answer === undefined || answer < SLOW_ANSWER_MS) return 1;
    const spacing = Math.max(1, this.spacingMs());
    return Math.max(1, Math.min(this.max, Math.ceil(answer / spacing)));
  }
}
