/**
 * The client side of `realtime.bench.ts`, forked into its own process so the server's memory and
 * CPU are measured apart from its clients'. Every socket is a socket.io-client on the websocket
 * transport, as the browser app opens them. The parent drives it by IPC messages (below) and the
 * same client code loads the bare Socket.IO baseline and the real app.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export interface SignalPair {
  sessionId: string;
  host: { cookie: string; participantId: string };
  guest: { cookie: string; participantId: string };
}

export type ToClients =
  | { type: 'connect'; url: string; cookies: string[]; batch: number }
  | { type: 'fanout-start' }
  | { type: 'fanout-stop' }
  | {
      type: 'signal';
      url: string;
      pairs: SignalPair[];
      durationMs: number;
      /** Signals one socket may send in any `windowMs` (stays under the server's SIGNAL_BURST). */
      budget: number;
      windowMs: number;
      /** A pause between the untimed first signals and the measured window. */
      settleMs: number;
    }
  | { type: 'disconnect' }
  | { type: 'exit' };

export interface ConnectResult {
  type: 'connected';
  attempted: number;
  connected: number;
  failed: number;
  ms: number;
  errors: Record<string, number>;
}
export interface FanoutResult {
  type: 'fanout-stopped';
  deliveries: number;
  cpuMs: number;
  wallMs: number;
  dropped: number;
}
export interface SignalResult {
  type: 'signalled';
  sockets: number;
  joined: number;
  acked: number;
  refused: Record<string, number>;
  relayed: number;
  ms: number;
  cpuMs: number;
  /** How many times a socket waited for its budget: the figure is then capped by the rate limit. */
  throttled: number;
}
export type FromClients =
  | ConnectResult
  | { type: 'fanout-started' }
  | { type: 'delivered'; seq: number }
  | FanoutResult
  | SignalResult
  | { type: 'disconnected'; count: number }
  /** The measured window of signalling starts or ends: the parent reads its own CPU time then. */
  | { type: 'mark'; name: 'signal-start' | 'signal-end' };

/** The event the parent broadcasts; its `appointmentId` carries the event's sequence number. */
export const FANOUT_EVENT = 'appointment.checked_in';

const send = (message: FromClients) => process.send!(message);

const open = (url: string, cookie: string) =>
  io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 30_000,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });

const connected = (socket: Socket) =>
  new Promise<string | null>((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (error) => resolve(error.message));
  });

const sockets: Socket[] = [];
let counting = false;
let expected = 0;
let deliveries = 0;
let dropped = 0;
const pending = new Map<number, number>();

function onFanout(payload: { appointmentId?: string }) {
  if (!counting) return;
  deliveries++;
  const seq = Number(payload.appointmentId);
  const count = (pending.get(seq) ?? 0) + 1;
  if (count >= expected) {
    pending.delete(seq);
    send({ type: 'delivered', seq });
  } else pending.set(seq, count);
}

async function connectAll(url: string, cookies: string[], batch: number): Promise<ConnectResult> {
  const errors: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  for (let offset = 0; offset < cookies.length; offset += batch) {
    const opened = cookies.slice(offset, offset + batch).map((cookie) => open(url, cookie));
    const outcomes = await Promise.all(opened.map(connected));
    outcomes.forEach((error, i) => {
      const socket = opened[i]!;
      if (error === null) {
        ok++;
        socket.on(FANOUT_EVENT, onFanout);
        socket.on('disconnect', () => {
          if (counting) dropped++;
        });
        sockets.push(socket);
      } else {
        errors[error] = (errors[error] ?? 0) + 1;
        socket.close();
      }
    });
  }
  const ms = performance.now() - started;
  expected = sockets.length;
  return {
    type: 'connected',
    attempted: cookies.length,
    connected: ok,
    failed: cookies.length - ok,
    ms,
    errors,
  };
}

type Ack = { ok: true } | { ok: false; code: string };

async function signalPairs(message: Extract<ToClients, { type: 'signal' }>): Promise<SignalResult> {
  const telehealth: Socket[] = [];
  const refused: Record<string, number> = {};
  let relayed = 0;
  let acked = 0;
  let throttled = 0;
  let joined = 0;
  let measuring = false;
  const peers = message.pairs.flatMap((pair) => [
    { sessionId: pair.sessionId, cookie: pair.host.cookie, to: pair.guest.participantId },
    { sessionId: pair.sessionId, cookie: pair.guest.cookie, to: pair.host.participantId },
  ]);
  const opened = peers.map((peer) => {
    const socket = open(`${message.url}/telehealth`, peer.cookie);
    telehealth.push(socket);
    socket.on('signal', () => {
      if (measuring) relayed++;
    });
    return socket;
  });
  const failures = (await Promise.all(opened.map(connected))).filter((e) => e !== null);
  if (failures.length > 0) throw new Error(`telehealth sockets refused: ${failures[0]}`);
  // Every participant of a pair is admitted already: each socket enters its session once.
  const answers = await Promise.all(
    opened.map(
      (socket, i) =>
        socket.timeout(20_000).emitWithAck('join', { sessionId: peers[i]!.sessionId }) as Promise<{
          ok: boolean;
          state?: string;
        }>,
    ),
  );
  joined = answers.filter((answer) => answer.ok && answer.state === 'admitted').length;

  const payloads = peers.map((peer) => ({
    sessionId: peer.sessionId,
    to: peer.to,
    candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 },
  }));
  const sent = peers.map(() => [] as number[]);
  // One signal each before the clock starts: the server's first read of who is admitted (then
  // cached 5 s per socket) is part of setting up a call, not of the relay's steady state.
  await Promise.all(
    opened.map((socket, i) => {
      sent[i]!.push(performance.now());
      return socket.timeout(20_000).emitWithAck('signal', payloads[i]);
    }),
  );

  await new Promise((resolve) => setTimeout(resolve, message.settleMs));

  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + message.durationMs;
  measuring = true;
  send({ type: 'mark', name: 'signal-start' });
  await Promise.all(
    opened.map(async (socket, i) => {
      const sentAt = sent[i]!;
      const payload = payloads[i];
      while (performance.now() < deadline) {
        // A sliding window on this side: no 10 s of the server's can see more than the budget.
        while (sentAt.length > 0 && performance.now() - sentAt[0]! > message.windowMs) sentAt.shift();
        if (sentAt.length >= message.budget) {
          throttled++;
          const wait = message.windowMs - (performance.now() - sentAt[0]!) + 1;
          if (performance.now() + wait >= deadline) break;
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
        sentAt.push(performance.now());
        const answer = (await socket
          .timeout(10_000)
          .emitWithAck('signal', payload)
          .catch(() => ({ ok: false, code: 'no_ack' }))) as Ack;
        if (answer.ok) acked++;
        else refused[answer.code] = (refused[answer.code] ?? 0) + 1;
        // Refused ten times, the server cuts the socket off: stop instead of waiting on it.
        if (!socket.connected) break;
      }
    }),
  );
  send({ type: 'mark', name: 'signal-end' });
  // Relayed signals travel ahead of their acks on the server; give the last ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 50));
  measuring = false;
  const ms = performance.now() - started - 50;
  const used = process.cpuUsage(cpu);
  for (const socket of telehealth) socket.disconnect();
  return {
    type: 'signalled',
    sockets: opened.length,
    joined,
    acked,
    refused,
    relayed,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    throttled,
  };
}

// Whatever becomes of the parent (a failed run included), its clients go with it.
process.on('disconnect', () => process.exit(0));

let fanoutCpu = process.cpuUsage();
let fanoutStarted = 0;

process.on('message', (message: ToClients) => {
  void (async () => {
    switch (message.type) {
      case 'connect':
        send(await connectAll(message.url, message.cookies, message.batch));
        break;
      case 'fanout-start':
        deliveries = 0;
        dropped = 0;
        pending.clear();
        counting = true;
        fanoutCpu = process.cpuUsage();
        fanoutStarted = performance.now();
        send({ type: 'fanout-started' });
        break;
      case 'fanout-stop': {
        counting = false;
        const used = process.cpuUsage(fanoutCpu);
        send({
          type: 'fanout-stopped',
          deliveries,
          dropped,
          cpuMs: (used.user + used.system) / 1000,
          wallMs: performance.now() - fanoutStarted,
        });
        break;
      }
      case 'signal':
        send(await signalPairs(message));
        break;
      case 'disconnect': {
        const count = sockets.length;
        for (const socket of sockets.splice(0)) socket.disconnect();
        send({ type: 'disconnected', count });
        break;
      }
      case 'exit':
        for (const socket of sockets.splice(0)) socket.disconnect();
        process.disconnect();
        break;
      default:
        message satisfies never;
    }
  })().catch((error: unknown) => {
    process.stderr.write(
      `realtime clients failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
});
