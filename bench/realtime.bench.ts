/**
 * Real time on one API instance: how many authenticated Socket.IO connections it takes and how
 * fast, how many events per second its publisher fans out to them, and how many telehealth
 * signals per second it relays between admitted participants. The same client load runs first
 * against a bare Socket.IO server (no authentication, no app, same rooms and the same broadcast
 * loop) in this process, so each figure prints as a ratio against that baseline. The clients run
 * in a forked process (`realtime-clients.ts`): the server's memory is its own. Nothing is asserted.
 *
 *   npm run bench -w bench                                  # part of every bench run
 *   BENCH_SOCKETS=10000 BENCH_DURATION=10 npx tsx realtime.bench.ts   # from bench/, a bigger N
 *
 * Knobs: BENCH_SOCKETS (default 2000, 500 when BENCH_DURATION < 5), BENCH_DURATION (s per
 * measurement, default 10), BENCH_SOCKET_BATCH (sockets opened at once, 100), BENCH_SIGNAL_PAIRS
 * (telehealth sessions signalling at once, default 250, 50 when BENCH_DURATION < 5),
 * BENCH_FANOUT_WINDOW (events in flight, 16), BENCH_TRACE=1 (phase times on stderr). Results go to
 * artifacts/bench/realtime.json.
 */
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildApp } from '@mentalspace/api/app';
import { ACCESS_COOKIE, createAuthDeps } from '@mentalspace/api/auth';
import { createPhiCipher } from '@mentalspace/api/phi';
import {
  appointments,
  clients,
  practices,
  telehealthParticipants,
  telehealthSessions,
  users,
} from '@mentalspace/db';
import pino from 'pino';
import { Server } from 'socket.io';
import { openBenchDatabase } from './bench-database';
import {
  FANOUT_EVENT,
  type ConnectResult,
  type FanoutResult,
  type FromClients,
  type SignalPair,
  type SignalResult,
  type ToClients,
} from './realtime-clients';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const smoke = duration < 5;
const requestedSockets = Number(process.env.BENCH_SOCKETS ?? (smoke ? 500 : 2_000));
const batch = Number(process.env.BENCH_SOCKET_BATCH ?? 100);
const pairs = Number(process.env.BENCH_SIGNAL_PAIRS ?? (smoke ? 50 : 250));
const fanoutWindow = Number(process.env.BENCH_FANOUT_WINDOW ?? 16);
const WARM_UP_SOCKETS = smoke ? 200 : 500;
/** signalling.ts refuses a socket's 301st signal in 10 s (SIGNAL_BURST): stay under it, with slack. */
const SIGNAL_BUDGET = 290;
const SIGNAL_WINDOW_MS = 10_500;
/**
 * signalling.ts re-reads who is admitted at most every 5 s per socket (MEMBERS_TTL_MS): starting the
 * window 2.5 s after each socket's first read puts one re-read per socket in every 5 s measured, as
 * in a steady state. The smoke run skips the pause (its figure then has no re-read).
 */
const SIGNAL_SETTLE_MS = smoke ? 0 : 2_500;
/** SQL statements the server has run so far (its database reports each one). */
let statements = 0;
const ROLE = 'clinician' as const;
const trace = (step: string) => {
  if (process.env.BENCH_TRACE) process.stderr.write(`[${(performance.now() / 1000).toFixed(1)} s] ${step}\n`);
};

/** The soft limit on open files: each socket is one descriptor here and one in the clients' process. */
function openFileLimit() {
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return limit === 'unlimited' ? Number.POSITIVE_INFINITY : Number(limit);
}
const fdLimit = openFileLimit();
const sockets = Math.max(1, Math.min(requestedSockets, fdLimit - 2 * pairs - 256));

// A full collection before each memory reading, so the per-socket heap is not noise.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Clients = ChildProcess;
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

function ask<T extends FromClients['type']>(
  child: Clients,
  message: ToClients,
  reply: T,
): Promise<Extract<FromClients, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: FromClients) => {
      if (answer.type !== reply) return;
      cleanup();
      resolve(answer as Extract<FromClients, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the clients' process exited (${code}) while waiting for ${reply}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(message);
  });
}

/** Broadcasts for BENCH_DURATION seconds, at most `fanoutWindow` events not yet delivered to every socket. */
async function fanOut(child: Clients, emit: (seq: number) => void, durationMs = duration * 1000) {
  await ask(child, { type: 'fanout-start' }, 'fanout-started');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  let next = 0;
  let outstanding = 0;
  let events = 0;
  let lastDelivered = started;
  await new Promise<void>((resolve, reject) => {
    let stall: NodeJS.Timeout | undefined;
    const done = (error?: Error) => {
      clearTimeout(stall);
      child.off('message', onMessage);
      if (error) reject(error);
      else resolve();
    };
    const arm = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => done(new Error(`fan-out stalled: ${outstanding} events not delivered to every socket in 15 s`)),
        15_000,
      );
    };
    const pump = () => {
      while (outstanding < fanoutWindow && performance.now() < deadline) {
        emit(next++);
        outstanding++;
      }
      if (outstanding === 0) done();
    };
    const onMessage = (message: FromClients) => {
      if (message.type !== 'delivered') return;
      outstanding--;
      events++;
      lastDelivered = performance.now();
      arm();
      pump();
    };
    child.on('message', onMessage);
    arm();
    pump();
  });
  const ms = lastDelivered - started;
  const used = cpuMs(process.cpuUsage(cpu));
  const stopped: FanoutResult = await ask(child, { type: 'fanout-stop' }, 'fanout-stopped');
  return {
    events,
    deliveries: stopped.deliveries,
    dropped: stopped.dropped,
    ms,
    deliveriesPerSecond: stopped.deliveries / (ms / 1000),
    serverCpu: used / ms,
    serverCpuPerDeliveryUs: (used * 1000) / Math.max(1, stopped.deliveries),
    clientCpu: stopped.cpuMs / stopped.wallMs,
  };
}

/** Until the server holds no socket any more (the clients closed theirs). */
async function drained(io: Server) {
  const until = Date.now() + 10_000;
  while (io.of('/').sockets.size + io.of('/telehealth').sockets.size > 0 && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

interface Target {
  url: string;
  io: Server;
  /** One cookie per socket; made when needed, as access tokens live five minutes. */
  cookies: (count: number) => Promise<string[]>;
  /** Made when signalling starts: access tokens live five minutes, a big N takes a while to connect. */
  pairs: () => Promise<SignalPair[]>;
  emit: (seq: number) => void;
}

/**
 * Sockets opened, a second of events and closed again, on both servers before either is measured:
 * Socket.IO's code is shared by both, and whichever ran first otherwise paid for compiling it
 * (about half the connect rate, measured both ways round).
 */
async function warmUp(child: Clients, target: Target) {
  const cookies = await target.cookies(Math.min(sockets, WARM_UP_SOCKETS));
  const { connected } = await ask(child, { type: 'connect', url: target.url, cookies, batch }, 'connected');
  if (connected > 0) await fanOut(child, target.emit, smoke ? 300 : 1_000);
  await ask(child, { type: 'disconnect' }, 'disconnected');
  await drained(target.io);
}

async function measure(child: Clients, target: Target) {
  const cookies = await target.cookies(sockets);
  gc();
  const before = process.memoryUsage();
  trace('connecting');
  const connectCpu = process.cpuUsage();
  const connectStatements = statements;
  const connect: ConnectResult = await ask(
    child,
    { type: 'connect', url: target.url, cookies, batch },
    'connected',
  );
  const connectCpuMs = cpuMs(process.cpuUsage(connectCpu));
  const statementsPerConnection = (statements - connectStatements) / Math.max(1, connect.attempted);
  const held = target.io.of('/').sockets.size;
  gc();
  const after = process.memoryUsage();
  trace('fan-out');
  const fanout = connect.connected > 0 ? await fanOut(child, target.emit) : null;
  trace('signalling');
  // The server's CPU time over the measured window only (not the sockets' connect and join).
  const marks: Partial<Record<'signal-start' | 'signal-end', NodeJS.CpuUsage>> = {};
  const markedStatements: Partial<Record<'signal-start' | 'signal-end', number>> = {};
  const onMark = (message: FromClients) => {
    if (message.type !== 'mark') return;
    marks[message.name] = process.cpuUsage();
    markedStatements[message.name] = statements;
  };
  child.on('message', onMark);
  const signal: SignalResult = await ask(
    child,
    {
      type: 'signal',
      url: target.url,
      pairs: await target.pairs(),
      durationMs: duration * 1000,
      budget: SIGNAL_BUDGET,
      windowMs: SIGNAL_WINDOW_MS,
      settleMs: SIGNAL_SETTLE_MS,
    },
    'signalled',
  );
  child.off('message', onMark);
  const { 'signal-start': from, 'signal-end': to } = marks;
  const signalCpuMs = from && to ? cpuMs({ user: to.user - from.user, system: to.system - from.system }) : 0;
  trace('disconnecting');
  await ask(child, { type: 'disconnect' }, 'disconnected');
  await drained(target.io);
  trace('drained');
  return {
    connect: {
      attempted: connect.attempted,
      connected: connect.connected,
      heldByServer: held,
      failed: connect.failed,
      errors: connect.errors,
      ms: connect.ms,
      perSecond: connect.connected / (connect.ms / 1000),
      serverCpuPerConnectionUs: (connectCpuMs * 1000) / Math.max(1, connect.connected),
      statementsPerConnection,
    },
    memory: {
      rssMB: after.rss / 2 ** 20,
      heapUsedMB: after.heapUsed / 2 ** 20,
      heapPerSocketKB: (after.heapUsed - before.heapUsed) / 1024 / Math.max(1, connect.connected),
      rssPerSocketKB: (after.rss - before.rss) / 1024 / Math.max(1, connect.connected),
    },
    fanout,
    signal: {
      ...signal,
      perSecond: signal.relayed / (signal.ms / 1000),
      serverCpuPerSignalUs: (signalCpuMs * 1000) / Math.max(1, signal.relayed),
      /** SQL statements the server ran in the measured window (membership re-reads). */
      statementsInWindow: (markedStatements['signal-end'] ?? 0) - (markedStatements['signal-start'] ?? 0),
    },
  };
}

/** A bare Socket.IO server: the app's options and rooms, no authentication, a relay without checks. */
async function bareServer() {
  const http = createServer();
  const io = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    cors: { origin: false },
    maxHttpBufferSize: 16_384,
    transports: ['websocket', 'polling'],
  });
  io.use((socket, next) => {
    void socket.join([`user:${socket.id}`, `role:${ROLE}`, `session:${socket.id}`]);
    next();
  });
  const telehealth = io.of('/telehealth');
  telehealth.on('connection', (socket) => {
    const me = /raw_participant=([\w-]+)/.exec(socket.handshake.headers.cookie ?? '')?.[1] ?? '';
    socket.on('join', (message: { sessionId: string }, ack: (answer: unknown) => void) => {
      void socket.join(`${message.sessionId}:${me}`);
      ack({ ok: true, state: 'admitted', peers: [] });
    });
    socket.on(
      'signal',
      (message: { sessionId: string; to: string; candidate: unknown }, ack: (answer: unknown) => void) => {
        telehealth
          .to(`${message.sessionId}:${message.to}`)
          .emit('signal', { sessionId: message.sessionId, from: me, candidate: message.candidate });
        ack({ ok: true });
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function main() {
  const loadAtStart = loadavg()[0]!;
  const database = await openBenchDatabase({
    name: 'mentalspace_bench_realtime',
    poolSize: 10,
    onQuery: () => {
      statements++;
    },
  });
  trace('database open');
  await database.migrate();
  trace('migrated');
  const db = database.unsafeOwner;
  const [practice] = await db
    .insert(practices)
    .values({ name: 'Bench practice', timeZone: 'UTC' })
    .returning();
  const practiceId = practice!.id;
  // One clinician per socket, one sign-in session each; the first `pairs` also host a video session.
  const staff: { id: string }[] = [];
  for (let offset = 0; offset < Math.max(sockets, pairs); offset += 500) {
    const count = Math.min(500, Math.max(sockets, pairs) - offset);
    staff.push(
      ...(await db
        .insert(users)
        .values(
          Array.from({ length: count }, (_, i) => ({
            practiceId,
            email: `bench-rt-${offset + i}@example.test`,
            firstName: 'Bench',
            lastName: `Clinician ${offset + i}`,
            role: ROLE,
            timeZone: 'UTC',
          })),
        )
        .returning({ id: users.id })),
    );
  }
  const clientRows = await db
    .insert(clients)
    .values(
      Array.from({ length: pairs }, (_, i) => ({
        practiceId,
        legalFirstName: `Client${i}`,
        legalLastName: 'Bench',
        dateOfBirth: '1980-01-01',
      })),
    )
    .returning({ id: clients.id });
  const startsAt = new Date(Date.now() + 5 * 60_000);
  const appointmentRows = await db
    .insert(appointments)
    .values(
      clientRows.map((client, i) => ({
        practiceId,
        clinicianId: staff[i]!.id,
        clientId: client.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 50 * 60_000),
        modality: 'telehealth' as const,
      })),
    )
    .returning({ id: appointments.id });
  const sessionRows = await db
    .insert(telehealthSessions)
    .values(
      appointmentRows.map((a) => ({
        practiceId,
        appointmentId: a.id,
        status: 'live' as const,
        startedAt: new Date(),
      })),
    )
    .returning({ id: telehealthSessions.id });
  // Both participants of every session already admitted (as after the host's admission).
  const participantRows = await db
    .insert(telehealthParticipants)
    .values(
      sessionRows.flatMap((session, i) => [
        {
          practiceId,
          sessionId: session.id,
          role: 'host' as const,
          userId: staff[i]!.id,
          via: 'staff' as const,
          state: 'admitted' as const,
          admittedAt: new Date(),
        },
        {
          practiceId,
          sessionId: session.id,
          role: 'client' as const,
          clientId: clientRows[i]!.id,
          via: 'portal' as const,
          state: 'admitted' as const,
          admittedAt: new Date(),
          admittedBy: staff[i]!.id,
        },
      ]),
    )
    .returning({
      id: telehealthParticipants.id,
      sessionId: telehealthParticipants.sessionId,
      role: telehealthParticipants.role,
    });
  const participantId = new Map(participantRows.map((p) => [`${p.sessionId}:${p.role}`, p.id]));
  const participantsOf = (i: number) => ({
    host: participantId.get(`${sessionRows[i]!.id}:host`)!,
    guest: participantId.get(`${sessionRows[i]!.id}:client`)!,
  });

  const auth = createAuthDeps({
    database,
    secrets: [randomBytes(48).toString('base64url')],
    secureCookies: false,
  });
  const phi = createPhiCipher(new Map([[1, randomBytes(32)]]), randomBytes(32));
  trace('seeded');
  const app = await buildApp({ database, auth, phi, logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const realtime = app.realtime;
  if (!realtime) throw new Error('the app has no realtime publisher');
  const appIo = (realtime as unknown as { io: Server }).io;
  const bare = await bareServer();

  const child = fork(fileURLToPath(new URL('./realtime-clients.ts', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const payload = (seq: number) => ({ appointmentId: String(seq), startsAt: startsAt.toISOString() });

  // Real signed sessions, one per socket (access tokens live five minutes: signed when used).
  const staffCookie = async (userId: string) => {
    const sid = randomUUID();
    await auth.activity.start(sid, 900);
    const token = await auth.tokens.signAccess({
      kind: 'staff',
      sub: userId,
      pid: practiceId,
      sid,
      role: ROLE,
      aal: 'mfa',
      idle: 900,
    });
    return `${ACCESS_COOKIE}=${token}`;
  };
  const portalCookie = async (clientId: string) => {
    const sid = randomUUID();
    await auth.activity.start(sid, 900);
    const token = await auth.tokens.signAccess({
      kind: 'portal',
      sub: randomUUID(),
      pid: practiceId,
      sid,
      cid: clientId,
      idle: 900,
    });
    return `${ACCESS_COOKIE}=${token}`;
  };
  const bareTarget: Target = {
    url: bare.url,
    io: bare.io,
    cookies: async (count) => Array.from({ length: count }, () => ''),
    pairs: async () =>
      sessionRows.map((session, i) => ({
        sessionId: session.id,
        host: { cookie: `raw_participant=${participantsOf(i).host}`, participantId: participantsOf(i).host },
        guest: {
          cookie: `raw_participant=${participantsOf(i).guest}`,
          participantId: participantsOf(i).guest,
        },
      })),
    emit: (seq) => bare.io.to(`role:${ROLE}`).emit(FANOUT_EVENT, payload(seq)),
  };
  const appTarget: Target = {
    url: appUrl,
    io: appIo,
    cookies: (count) => Promise.all(staff.slice(0, count).map((user) => staffCookie(user.id))),
    pairs: () =>
      Promise.all(
        sessionRows.map(async (session, i) => ({
          sessionId: session.id,
          host: { cookie: await staffCookie(staff[i]!.id), participantId: participantsOf(i).host },
          guest: { cookie: await portalCookie(clientRows[i]!.id), participantId: participantsOf(i).guest },
        })),
      ),
    emit: (seq) => realtime.toRole(practiceId, ROLE, FANOUT_EVENT, payload(seq)),
  };

  trace('warming up');
  await warmUp(child, bareTarget);
  await warmUp(child, appTarget);
  const baseline = await measure(child, bareTarget);
  await bare.io.close();
  const real = await measure(child, appTarget);

  child.send({ type: 'exit' } satisfies ToClients);
  await exited;
  await app.close();
  await database.close();
  trace('closed');

  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : 0);
  const ratios = {
    connectRate: ratio(real.connect.perSecond, baseline.connect.perSecond),
    fanoutDeliveries: ratio(real.fanout?.deliveriesPerSecond, baseline.fanout?.deliveriesPerSecond),
    signalRelay: ratio(real.signal.perSecond, baseline.signal.perSecond),
    // The server's CPU time per operation, app over bare: the same comparison, robust to a busy machine.
    connectCpuCost: ratio(real.connect.serverCpuPerConnectionUs, baseline.connect.serverCpuPerConnectionUs),
    deliveryCpuCost: ratio(real.fanout?.serverCpuPerDeliveryUs, baseline.fanout?.serverCpuPerDeliveryUs),
    signalCpuCost: ratio(real.signal.serverCpuPerSignalUs, baseline.signal.serverCpuPerSignalUs),
  };
  const report = {
    database: database.kind,
    sockets: { requested: requestedSockets, opened: sockets, batch },
    openFileLimit: fdLimit,
    durationSeconds: duration,
    signalPairs: pairs,
    fanoutWindow,
    loadAverage: { start: loadAtStart, end: loadavg()[0]! },
    baseline,
    app: real,
    ratios,
  };
  await mkdir('../artifacts/bench', { recursive: true });
  await writeFile('../artifacts/bench/realtime.json', JSON.stringify(report, null, 2));

  const n = (value: number | undefined, digits = 0) => (value === undefined ? '-' : value.toFixed(digits));
  const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
  const times = (value: number) => `x ${value.toFixed(2)}`;
  const row = (label: string, raw: string, appValue: string, share = '') =>
    `  ${label.padEnd(34)}${raw.padStart(18)}${appValue.padStart(18)}${share.padStart(10)}`;
  const cpu = (f: typeof real.fanout) => (f ? `${pct(f.serverCpu)} / ${pct(f.clientCpu)}` : '-');
  const refusals = (s: typeof real.signal) =>
    Object.entries(s.refused)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ') || 'none';
  const [b, a] = [baseline, real];
  process.stdout.write(
    [
      `realtime benchmark (${database.kind}, ${sockets} sockets in batches of ${batch}, ${duration}s each, ${pairs} signalling pairs, open files limit ${fdLimit})`,
      `  load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end, ${availableParallelism()} CPUs; the clients run in a second process`,
      ...(sockets < requestedSockets
        ? [`  BENCH_SOCKETS=${requestedSockets} lowered to ${sockets}: raise ulimit -n for more`]
        : []),
      row('', 'bare Socket.IO', 'app', 'app/bare'),
      row(
        'connected (held by the server)',
        `${b.connect.connected}/${b.connect.attempted} (${b.connect.heldByServer})`,
        `${a.connect.connected}/${a.connect.attempted} (${a.connect.heldByServer})`,
      ),
      row(
        'connect rate, connections/s',
        n(b.connect.perSecond),
        n(a.connect.perSecond),
        pct(ratios.connectRate),
      ),
      row(
        '  server CPU per connection, µs',
        n(b.connect.serverCpuPerConnectionUs),
        n(a.connect.serverCpuPerConnectionUs),
        times(ratios.connectCpuCost),
      ),
      row(
        '  SQL statements per connection',
        n(b.connect.statementsPerConnection, 1),
        n(a.connect.statementsPerConnection, 1),
      ),
      row('server heap per socket, kB', n(b.memory.heapPerSocketKB, 1), n(a.memory.heapPerSocketKB, 1)),
      row(
        'server RSS / heap after, MB',
        `${n(b.memory.rssMB)} / ${n(b.memory.heapUsedMB)}`,
        `${n(a.memory.rssMB)} / ${n(a.memory.heapUsedMB)}`,
      ),
      row(
        'fan-out deliveries/s',
        n(b.fanout?.deliveriesPerSecond),
        n(a.fanout?.deliveriesPerSecond),
        pct(ratios.fanoutDeliveries),
      ),
      row('  events, each to every socket', n(b.fanout?.events), n(a.fanout?.events)),
      row(
        '  server CPU per delivery, µs',
        n(b.fanout?.serverCpuPerDeliveryUs, 2),
        n(a.fanout?.serverCpuPerDeliveryUs, 2),
        times(ratios.deliveryCpuCost),
      ),
      row('  CPU busy, server / clients', cpu(b.fanout), cpu(a.fanout)),
      row('signals relayed/s', n(b.signal.perSecond), n(a.signal.perSecond), pct(ratios.signalRelay)),
      row(
        '  server CPU per signal, µs',
        n(b.signal.serverCpuPerSignalUs),
        n(a.signal.serverCpuPerSignalUs),
        times(ratios.signalCpuCost),
      ),
      row('  SQL statements in the window', n(b.signal.statementsInWindow), n(a.signal.statementsInWindow)),
      row(
        '  sockets joined, admitted',
        `${b.signal.joined}/${b.signal.sockets}`,
        `${a.signal.joined}/${a.signal.sockets}`,
      ),
      `  refused signals: bare ${refusals(b.signal)}; app ${refusals(a.signal)}`,
      ...(a.signal.throttled + b.signal.throttled > 0
        ? [
            `  signalling reached the per-socket budget (${SIGNAL_BUDGET} per ${SIGNAL_WINDOW_MS / 1000} s): the rate is capped; raise BENCH_SIGNAL_PAIRS`,
          ]
        : []),
      ...(Object.keys(a.connect.errors).length > 0
        ? [`  connect errors (app): ${JSON.stringify(a.connect.errors)}`]
        : []),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
