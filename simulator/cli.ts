/**
 * `npm run simulator -- --port 8765 --seed 1 --tickets 5000`
 * Prints one line with the base URL and token, then serves until SIGINT/SIGTERM.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ALL_SURPRISES, type SimulatorOptionsPatch } from './options.js';
import { startSimulator } from './server.js';
import { DAY } from './time.js';

const FLAGS = {
  help: { type: 'boolean' },
  host: { type: 'string' },
  port: { type: 'string' },
  seed: { type: 'string' },
  tickets: { type: 'string' },
  persons: { type: 'string' },
  token: { type: 'string' },
  'time-scale': { type: 'string' },
  'now-offset-days': { type: 'string' },
  'max-top': { type: 'string' },
  'recent-days': { type: 'string' },
  'cache-size': { type: 'string' },
  'answer-ms-per-row-unit': { type: 'string' },
  'no-rate-limit': { type: 'boolean' },
  'rate-limit': { type: 'string' },
  'rate-window-ms': { type: 'string' },
  'omit-retry-after': { type: 'boolean' },
  'night-unlimited': { type: 'boolean' },
  'no-lockout': { type: 'boolean' },
  'lockout-failures': { type: 'string' },
  'lockout-ms': { type: 'string' },
  'lockout-counts-violations': { type: 'boolean' },
  'heavy-query': { type: 'boolean' },
  'heavy-budget': { type: 'string' },
  faults: { type: 'string' },
  'fault-5xx': { type: 'string' },
  'fault-slow': { type: 'string' },
  'slow-ms': { type: 'string' },
  'fault-drop': { type: 'string' },
  'fault-429': { type: 'string' },
  'fault-429-length': { type: 'string' },
  'fault-wrong-shape': { type: 'string' },
  'broken-route': { type: 'string', multiple: true },
  churn: { type: 'boolean' },
  'churn-every': { type: 'string' },
  'churn-probability': { type: 'string' },
  'churn-batch': { type: 'string' },
  'lenient-expand': { type: 'boolean' },
  'single-get-any-route': { type: 'boolean' },
  'deleted-tickets-visible': { type: 'boolean' },
  'nested-expand-options': { type: 'boolean' },
  'past-select-optional': { type: 'boolean' },
  'consumption-numbers': { type: 'boolean' },
  'consumption-allow-select-with-period': { type: 'boolean' },
  'account-surprises': { type: 'boolean' },
  'missing-property': { type: 'string', multiple: true },
  'string-collection': { type: 'string', multiple: true },
  'forbidden-route': { type: 'string', multiple: true },
  'scalars-as-strings': { type: 'boolean' },
  'null-collections': { type: 'boolean' },
  'datetime-offsets': { type: 'boolean' },
  'missing-route': { type: 'string', multiple: true },
  'merge-rate': { type: 'string' },
  'merges-shape': { type: 'string' },
  'merges-ids': { type: 'string' },
  'merges-last-update': { type: 'string' },
  'merges-max-window-days': { type: 'string' },
  'merges-empty': { type: 'string' },
  'merges-page-size': { type: 'string' },
} as const;

const HELP = `Movidesk API simulator

  --port N (8765)  --host H (127.0.0.1)  --seed N (1)  --tickets N (500)  --persons N (tickets/5, min 50)
  --token T  --time-scale F (1)  --now-offset-days D (0)  --max-top N (100)  --recent-days N (90)
  --answer-ms-per-row-unit MS (0: at once; list answers take MS x rows x (1 + expanded collections))
  --no-rate-limit  --rate-limit N (10)  --rate-window-ms MS (60000)  --omit-retry-after  --night-unlimited
  --no-lockout  --lockout-failures N (3)  --lockout-ms MS (60000)  --lockout-counts-violations
  --heavy-query  --heavy-budget N (1000)
  --faults RATE (that share of answers fail: 1/2 5xx, 1/4 dropped, 1/4 429 bursts; same share slow)
  --fault-5xx R  --fault-slow R  --slow-ms MS (5000)  --fault-drop R  --fault-429 R  --fault-429-length N (2)
  --fault-wrong-shape R  --broken-route R (answers 503 to every request; repeatable)
  --churn  --churn-every K  --churn-probability P (0.2)  --churn-batch N (1)
  --lenient-expand  --single-get-any-route  --deleted-tickets-visible  --nested-expand-options
  --past-select-optional  --consumption-numbers  --consumption-allow-select-with-period
  How a real account differs from the docs (repeatable flags take Type.property or a route):
  --account-surprises (all of the below, as in ALL_SURPRISES)  --missing-property P  --string-collection P
  --forbidden-route R  --missing-route R (ASP.NET 404: the account has no such route)
  --scalars-as-strings  --null-collections  --datetime-offsets
  /tickets/merged (undocumented; each variant one public client saw):
  --merge-rate R (0.03)  --merges-shape pageNumber|totalPages|list  --merges-ids joined|list|single
  --merges-last-update space|offset|utc  --merges-max-window-days N (7; 0 = no limit)
  --merges-empty 404|empty  --merges-page-size N (25)
`;

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${flag} expects a number, got '${value}'`);
  return n;
}

function choice<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new Error(`--${flag} expects one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** Drops undefined entries so that defaults apply. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function optionsFromArgs(argv: string[]): SimulatorOptionsPatch | 'help' {
  const { values: a } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false });
  if (a.help) return 'help';
  const n = (flag: keyof typeof FLAGS) => num(a[flag] as string | undefined, flag);
  const offsetDays = n('now-offset-days');
  // --faults R: R of the answers fail (half 5xx, a quarter dropped, a quarter 429 bursts), R are slow.
  const allFaults = n('faults');
  const share = (k: number) => (allFaults === undefined ? undefined : allFaults * k);
  return {
    ...defined({
      host: a.host,
      port: n('port') ?? 8765,
      seed: n('seed'),
      tickets: n('tickets'),
      persons: n('persons'),
      token: a.token,
      timeScale: n('time-scale'),
      nowOffsetMs: offsetDays === undefined ? undefined : offsetDays * DAY,
      maxTop: n('max-top'),
      recentDays: n('recent-days'),
      cacheSize: n('cache-size'),
      answerMsPerRowUnit: n('answer-ms-per-row-unit'),
    }),
    rateLimit: defined({
      enabled: a['no-rate-limit'] ? false : undefined,
      requests: n('rate-limit'),
      windowMs: n('rate-window-ms'),
      omitRetryAfter: a['omit-retry-after'],
      nightUnlimited: a['night-unlimited'],
    }),
    lockout: defined({
      enabled: a['no-lockout'] ? false : undefined,
      failures: n('lockout-failures'),
      durationMs: n('lockout-ms'),
      countViolations: a['lockout-counts-violations'],
    }),
    heavyQuery: defined({ enabled: a['heavy-query'], budget: n('heavy-budget') }),
    faults: defined({
      error5xxRate: n('fault-5xx') ?? share(0.5),
      slowRate: n('fault-slow') ?? allFaults,
      slowMs: n('slow-ms'),
      dropRate: n('fault-drop') ?? share(0.25),
      burst429Rate: n('fault-429') ?? share(0.25),
      burst429Length: n('fault-429-length'),
      wrongShapeRate: n('fault-wrong-shape'),
      brokenRoutes: a['broken-route'],
    }),
    churn: defined({
      enabled:
        a.churn || a['churn-every'] !== undefined || a['churn-probability'] !== undefined ? true : undefined,
      everyRequests: n('churn-every'),
      probability: n('churn-probability'),
      batch: n('churn-batch'),
    }),
    quirks: defined({
      expandRequiresSelect: a['lenient-expand'] ? false : undefined,
      singleGetRespectsSplit: a['single-get-any-route'] ? false : undefined,
      deletedTicketsNeedFlag: a['deleted-tickets-visible'] ? false : undefined,
      nestedExpandOptions: a['nested-expand-options'],
      pastRequiresSelect: a['past-select-optional'] ? false : undefined,
      consumptionListNumbersAsStrings: a['consumption-numbers'] ? false : undefined,
      consumptionRejectSelectWithPeriod: a['consumption-allow-select-with-period'] ? false : undefined,
    }),
    account: {
      ...(a['account-surprises'] ? ALL_SURPRISES : {}),
      ...defined({
        missingProperties: a['missing-property'],
        stringCollections: a['string-collection'],
        forbiddenRoutes: a['forbidden-route'],
        missingRoutes: a['missing-route'],
        scalarsAsStrings: a['scalars-as-strings'],
        nullCollections: a['null-collections'],
        datetimeOffsets: a['datetime-offsets'],
      }),
    },
    merges: defined({
      rate: n('merge-rate'),
      shape: choice(a['merges-shape'], 'merges-shape', ['pageNumber', 'totalPages', 'list'] as const),
      ids: choice(a['merges-ids'], 'merges-ids', ['joined', 'list', 'single'] as const),
      lastUpdate: choice(a['merges-last-update'], 'merges-last-update', ['space', 'offset', 'utc'] as const),
      maxWindowDays: n('merges-max-window-days'),
      empty: choice(a['merges-empty'], 'merges-empty', ['404', 'empty'] as const),
      pageSize: n('merges-page-size'),
    }),
  };
}

async function main(): Promise<void> {
  let parsed: SimulatorOptionsPatch | 'help';
  try {
    parsed = optionsFromArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const sim = await startSimulator(parsed);
  process.stdout.write(`Movidesk simulator on ${sim.url} token=${sim.token}\n`);
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) void main();
