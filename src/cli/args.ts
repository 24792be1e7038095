/** Command-line parsing for `signalbox`: pure, no environment, no I/O. */
import { parseArgs, type ParseArgsConfig } from "node:util";

export const COMMANDS = ["report", "lock", "unlock"] as const;
export type Command = (typeof COMMANDS)[number];
export const STATUSES = ["building", "successful", "failed"] as const;
export type BuildStatus = (typeof STATUSES)[number];

export interface CliArgs {
  command: Command;
  name: string;
  status?: BuildStatus;
  url?: string;
  revision?: string;
  repository?: string;
  server?: string;
  token?: string;
  /** Seconds between lock attempts. */
  interval: number;
  /** Minutes `lock` waits before giving up. */
  timeoutMinutes: number;
  wait: boolean;
}

export type ParseResult =
  | { kind: "help"; text: string }
  | { kind: "usage-error"; message: string; command?: Command }
  | { kind: "run"; args: CliArgs };

type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON: Options = {
  name: { type: "string", short: "n" },
  revision: { type: "string" },
  repository: { type: "string" },
  server: { type: "string" },
  token: { type: "string" },
  help: { type: "boolean", short: "h" },
};
const OPTIONS: Record<Command, Options> = {
  report: { ...COMMON, status: { type: "string", short: "s" }, url: { type: "string" } },
  lock: { ...COMMON, interval: { type: "string" }, timeout: { type: "string" }, "no-wait": { type: "boolean" } },
  unlock: COMMON,
};

const CONNECTION = `Connection:
  --server <url>       signalbox base URL (default: $SIGNALBOX_URL)
  --token <token>      API token (default: $SIGNALBOX_TOKEN, then $API_TOKEN); prefer the variable
Build identity (default: from GitHub Actions, GitLab CI, CircleCI or Jenkins variables):
  --revision <sha>     the commit's 40-character SHA
  --repository <repo>  the repository URL, e.g. https://github.com/org/repo`;

export const HELP: Record<Command | "main", string> = {
  main: `Usage: signalbox <command> [options]

Commands:
  report   report a build's status:   signalbox report --name unit --status building
  lock     wait for a build lock:     signalbox lock --name deploy
  unlock   release a build lock:      signalbox unlock --name deploy

Run "signalbox <command> --help" for a command's options.
Exit codes: 0 done, 1 lock not obtained or server refused, 2 usage error.`,
  report: `Usage: signalbox report --name <build> --status building|successful|failed [options]

  -n, --name <build>   the build's name, e.g. unit
  -s, --status <s>     building, successful or failed
  --url <url>          where the build's log is (default: the CI job's URL)
${CONNECTION}`,
  lock: `Usage: signalbox lock --name <build> [options]

Waits until this revision holds the lock, printing who holds it meanwhile.
  -n, --name <build>   the lock's name, e.g. deploy
  --interval <sec>     seconds between attempts (default 10)
  --timeout <min>      minutes to wait before giving up with exit code 1 (default 30)
  --no-wait            try once; exit 1 when another revision holds the lock
${CONNECTION}`,
  unlock: `Usage: signalbox unlock --name <build> [options]

Releases the lock if this revision holds it.
  -n, --name <build>   the lock's name, e.g. deploy
${CONNECTION}`,
};

const ALL_OPTIONS: Options = Object.assign({}, ...Object.values(OPTIONS)) as Options;

/** The command word, wherever it stands among the options (`--server x report` works too). */
function findCommand(argv: string[]): string | undefined {
  const { positionals } = parseArgs({ args: argv, options: ALL_OPTIONS, strict: false, allowPositionals: true });
  return positionals[0];
}

export function parseCliArgs(argv: string[]): ParseResult {
  const word = findCommand(argv);
  if (word === undefined || word === "help") {
    const helpFlag = argv.includes("--help") || argv.includes("-h") || word === "help";
    return helpFlag ? { kind: "help", text: HELP.main } : usage("missing command");
  }
  if (!(COMMANDS as readonly string[]).includes(word)) return usage(`unknown command "${word}"`);
  const command = word as Command;
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help", text: HELP[command] };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS[command], strict: true, allowPositionals: true });
  } catch (error) {
    return usage(firstLine(error), command);
  }
  // No option is `multiple`, so every value is a single string or boolean.
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const positionals = parsed.positionals;
  if (positionals.length > 1) return usage(`unexpected argument "${positionals[1]}"`, command);
  return validate(command, values);
}

function validate(command: Command, values: Record<string, string | boolean | undefined>): ParseResult {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string).trim() : undefined);
  const name = str("name");
  if (!name) return usage("--name is required", command);
  const status = str("status");
  if (command === "report" && !(STATUSES as readonly string[]).includes(status ?? "")) {
    const got = status === undefined ? "--status is required" : `bad --status "${status}"`;
    return usage(`${got}: use building, successful or failed`, "report");
  }
  const interval = number(str("interval"), 10);
  if (!(interval > 0)) return usage("--interval must be a number of seconds above 0", "lock");
  const timeoutMinutes = number(str("timeout"), 30);
  if (!(timeoutMinutes >= 0)) return usage("--timeout must be a number of minutes, 0 or more", "lock");
  const args: CliArgs = { command, name, interval, timeoutMinutes, wait: values["no-wait"] !== true };
  if (status !== undefined) args.status = status as BuildStatus;
  for (const key of ["url", "revision", "repository", "server", "token"] as const) {
    const v = str(key);
    if (v) args[key] = v;
  }
  return { kind: "run", args };
}

const number = (text: string | undefined, fallback: number): number =>
  text === undefined ? fallback : text.trim() === "" ? NaN : Number(text);

const usage = (message: string, command?: Command): ParseResult =>
  command === undefined ? { kind: "usage-error", message } : { kind: "usage-error", message, command };

/** parseArgs' message up to its first sentence: "Unknown option '--force'". */
function firstLine(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === "string" ? message : String(error)).split(/\.( |$)|\n/)[0] || "bad arguments";
}
