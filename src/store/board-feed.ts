/**
 * Live board changes. In one process an EventEmitter; on PostgreSQL each change is also sent with
 * NOTIFY so dashboards served by other replicas refresh. One dedicated LISTEN connection per
 * process, opened on the first subscriber (a process without dashboards never holds one).
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";
import type { BoardChange, BoardFeed } from "./board-store.js";

export const BOARD_CHANNEL = "signalbox_board";
const RECONNECT_MS = [250, 1000, 5000];

interface Notice {
  /** The publishing process: its own notices were already delivered in-process. */
  origin: string;
  /** The schema, so stores in other schemas of the same database (tests) ignore each other. */
  scope: string;
  change: BoardChange;
}

export interface ClosableBoardFeed extends BoardFeed {
  /** Resolves once other processes' changes can arrive (after the first subscribe, on PostgreSQL). */
  listening(): Promise<void>;
  close(): Promise<void>;
}

export function createLocalBoardFeed(): ClosableBoardFeed {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    publish: async (change) => void emitter.emit("change", change),
    subscribe: (listener) => {
      emitter.on("change", listener);
      return () => emitter.off("change", listener);
    },
    listening: async () => undefined,
    close: async () => void emitter.removeAllListeners(),
  };
}

export function createPostgresBoardFeed(db: Kysely<Database>, connectionString: string, scope: string): ClosableBoardFeed {
  const local = createLocalBoardFeed();
  const origin = randomUUID();
  const emitter = new EventEmitter().setMaxListeners(0);
  const listener = new Listener(connectionString, (text) => {
    const notice = parseNotice(text);
    if (notice && notice.origin !== origin && notice.scope === scope) emitter.emit("change", notice.change);
  });
  return {
    async publish(change) {
      await local.publish(change);
      const notice: Notice = { origin, scope, change: { projectName: change.projectName, removed: change.removed } };
      await sql`select pg_notify(${BOARD_CHANNEL}, ${JSON.stringify(notice)})`.execute(db);
    },
    subscribe(fn) {
      listener.ensure();
      const offLocal = local.subscribe(fn);
      emitter.on("change", fn);
      return () => {
        offLocal();
        emitter.off("change", fn);
      };
    },
    listening: () => listener.ready,
    async close() {
      await local.close();
      await listener.close();
    },
  };
}

function parseNotice(text: string | undefined): Notice | undefined {
  try {
    const notice = JSON.parse(text ?? "") as Notice;
    return typeof notice?.change?.projectName === "string" ? notice : undefined;
  } catch {
    return undefined;
  }
}

/** The LISTEN connection; reconnects with backoff when the server drops it. */
class Listener {
  private client: pg.Client | undefined;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private markReady: () => void = () => undefined;
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly connectionString: string,
    private readonly onNotice: (text: string | undefined) => void,
  ) {}

  ensure(): void {
    if (this.client === undefined && this.timer === undefined && !this.closed) void this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    client.on("notification", (msg) => msg.channel === BOARD_CHANNEL && this.onNotice(msg.payload));
    client.on("error", () => this.retry(client));
    client.on("end", () => this.retry(client));
    try {
      await client.connect();
      await client.query(`listen ${BOARD_CHANNEL}`);
      this.failures = 0;
      this.markReady();
    } catch {
      this.retry(client);
    }
  }

  private retry(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)];
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ensure();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
