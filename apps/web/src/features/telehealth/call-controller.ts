import type { IceServer, TelehealthAck } from '@mentalspace/contracts';
import type { Socket } from 'socket.io-client';

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface PeerView {
  id: string;
  name: string;
  stream: MediaStream | null;
  /** The peer connection's state: `connected` once media flows both ways. */
  state: RTCPeerConnectionState;
  quality: Quality;
  /** Video frames decoded from this peer so far (proof that their picture arrives). */
  framesDecoded: number;
}

export interface CallSnapshot {
  signalling: 'connecting' | 'connected' | 'reconnecting';
  phase: 'joining' | 'waiting' | 'in_call' | 'ended' | 'removed' | 'refused';
  local: MediaStream | null;
  mediaError: string | null;
  muted: boolean;
  cameraOff: boolean;
  sharing: boolean;
  peers: PeerView[];
  devices: { audio: MediaDeviceInfo[]; video: MediaDeviceInfo[] };
  audioDeviceId: string | null;
  videoDeviceId: string | null;
}

interface SignalMessage {
  sessionId: string;
  from: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

interface Peer {
  id: string;
  name: string;
  pc: RTCPeerConnection;
  stream: MediaStream | null;
  quality: Quality;
  framesDecoded: number;
  /** Candidates that arrived before the remote description. */
  pending: RTCIceCandidateInit[];
}

const STATS_MS = 2_000;

/**
 * One participant's side of a video session: the signalling socket (`/telehealth`, reconnecting
 * by itself), the camera and microphone, and one RTCPeerConnection per other participant. Media
 * flows peer to peer; the server relays only offers, answers and ICE candidates.
 *
 * Who offers: the one who (re)joins offers to everyone already there; an incoming offer always
 * replaces the connection to that peer, so a reconnect or an ICE failure heals by renegotiating.
 * React reads it through `subscribe`/`snapshot` (useSyncExternalStore).
 */
export class CallController {
  private socket: Socket | null = null;
  private readonly peers = new Map<string, Peer>();
  private local: MediaStream | null = null;
  private screen: MediaStream | null = null;
  private iceServers: IceServer[] = [];
  private readonly listeners = new Set<() => void>();
  private statsTimer: number | undefined;
  private stopped = false;
  /** Bumped by every start and stop: async work of an earlier start sees it and gives up. */
  private generation = 0;
  /** Joined and admitted on the current socket: only then do signals go out. */
  private joined = false;
  /** One join at a time (a reconnect and an admission can both ask). */
  private joining: Promise<void> | null = null;
  /** Peers whose socket left: a failed connection to them is dropped, not renegotiated. */
  private readonly gone = new Set<string>();
  private current: CallSnapshot = {
    signalling: 'connecting',
    phase: 'joining',
    local: null,
    mediaError: null,
    muted: false,
    cameraOff: false,
    sharing: false,
    peers: [],
    devices: { audio: [], video: [] },
    audioDeviceId: null,
    videoDeviceId: null,
  };

  constructor(
    private readonly options: {
      sessionId: string;
      /** Our participant id (our peer id in signalling). */
      participantId: string;
      /** The ICE servers for this participant (fetched again once admitted: a waiting client has none). */
      loadIceServers: () => Promise<IceServer[]>;
      /** The host admitted us: the page may refresh its view. */
      onAdmitted?: () => void;
      /** The waiting room changed (hosts only). */
      onLobby?: () => void;
      /**
       * Before reconnecting after the server refused the socket (an access cookie that expired
       * while the network was down): an API call that refreshes the session's cookie.
       */
      refreshSession?: () => Promise<unknown>;
    },
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.current;

  private update(patch: Partial<CallSnapshot>) {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }

  private publishPeers() {
    this.update({
      peers: [...this.peers.values()].map((p) => ({
        id: p.id,
        name: p.name,
        stream: p.stream,
        state: p.pc.connectionState,
        quality: p.quality,
        framesDecoded: p.framesDecoded,
      })),
    });
  }

  /** Camera and microphone first (the preview shows at once), then the signalling socket. */
  async start() {
    const generation = ++this.generation;
    this.stopped = false;
    await this.openMedia(null, null);
    if (generation !== this.generation) return;
    const { io } = await import('socket.io-client');
    if (generation !== this.generation) return;
    const socket = io('/telehealth', {
      path: '/socket.io',
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 4_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.update({ signalling: 'connected' });
      void this.join();
    });
    socket.on('disconnect', (reason) => {
      this.joined = false;
      if (this.stopped) return;
      this.update({ signalling: 'reconnecting' });
      // The server closed it (a restart, too many refusals): Socket.IO will not retry by itself.
      if (reason === 'io server disconnect') this.retryConnect(socket);
    });
    socket.on('connect_error', () => {
      this.update({ signalling: 'reconnecting' });
      // Refused by the server (not a network error): Socket.IO will not retry by itself.
      if (!socket.active) this.retryConnect(socket);
    });
    socket.on('admitted', () => {
      this.options.onAdmitted?.();
      void this.join();
    });
    socket.on('lobby', () => this.options.onLobby?.());
    socket.on('peer-joined', (message: { id: string; name: string }) => this.peerJoined(message));
    socket.on('peer-left', (message: { id: string }) => this.peerLeft(message.id));
    socket.on('peer-removed', (message: { id: string }) => this.dropPeer(message.id));
    socket.on('signal', (message: SignalMessage) => void this.onSignal(message).catch(() => undefined));
    socket.on('removed', () => this.finish('removed'));
    socket.on('ended', () => this.finish('ended'));
    this.statsTimer = window.setInterval(() => void this.sampleStats(), STATS_MS);
  }

  /** After a refusal at connect or a server-side close: refresh the sign-in, then try again. */
  private retryConnect(socket: Socket) {
    window.setTimeout(() => {
      if (this.stopped) return;
      void (this.options.refreshSession?.() ?? Promise.resolve())
        .catch(() => null)
        .finally(() => {
          if (!this.stopped && !socket.connected) socket.connect();
        });
    }, 2_000);
  }

  private join(): Promise<void> {
    this.joining ??= this.joinOnce().finally(() => {
      this.joining = null;
    });
    return this.joining;
  }

  private async joinOnce() {
    const socket = this.socket;
    if (!socket?.connected) return;
    const ack = (await socket
      .timeout(8_000)
      .emitWithAck('join', { sessionId: this.options.sessionId })
      .catch(() => null)) as TelehealthAck | null;
    if (!ack || (!ack.ok && ack.code === 'unavailable')) {
      // No answer, or the server could not check right now: try again shortly.
      window.setTimeout(() => void this.join(), 2_000);
      return;
    }
    if (!ack.ok) {
      this.finish('refused');
      return;
    }
    if (ack.state === 'waiting') {
      this.update({ phase: 'waiting' });
      return;
    }
    this.iceServers = await this.options.loadIceServers().catch(() => this.iceServers);
    this.joined = true;
    this.update({ phase: 'in_call' });
    // We (re)joined: offer to everyone here whose connection is not up.
    for (const peer of ack.peers ?? []) {
      const existing = this.peers.get(peer.id);
      if (existing && existing.pc.connectionState === 'connected') continue;
      this.gone.delete(peer.id);
      void this.offerTo(peer.id, peer.name).catch(() => undefined);
    }
  }

  private peerJoined(message: { id: string; name: string }) {
    this.gone.delete(message.id);
    const existing = this.peers.get(message.id);
    if (existing) existing.name = message.name;
    else this.peers.set(message.id, this.newPeer(message.id, message.name));
    this.publishPeers();
  }

  private peerLeft(id: string) {
    // Their socket is gone; the media may still flow. A connection that fails is cleared then.
    this.gone.add(id);
    const peer = this.peers.get(id);
    if (peer && peer.pc.connectionState !== 'connected') this.dropPeer(id);
  }

  private dropPeer(id: string) {
    const peer = this.peers.get(id);
    if (!peer) return;
    peer.pc.close();
    this.peers.delete(id);
    this.publishPeers();
  }

  private newPeer(id: string, name: string): Peer {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const peer: Peer = { id, name, pc, stream: null, quality: 'unknown', framesDecoded: 0, pending: [] };
    const outgoing = this.screen?.getVideoTracks()[0];
    for (const track of this.local?.getTracks() ?? []) {
      pc.addTrack(track.kind === 'video' && outgoing ? outgoing : track, this.local!);
    }
    pc.onicecandidate = (event) =>
      this.send(id, { candidate: event.candidate ? event.candidate.toJSON() : null });
    pc.ontrack = (event) => {
      peer.stream = event.streams[0] ?? new MediaStream([event.track]);
      this.publishPeers();
    };
    pc.onconnectionstatechange = () => {
      this.publishPeers();
      if (pc.connectionState !== 'failed' || this.peers.get(id) !== peer) return;
      // Gone and failed: they left. Otherwise the path heals by a fresh negotiation, started by
      // one side only (the smaller id).
      if (this.gone.has(id)) this.dropPeer(id);
      else if (this.options.participantId < id) void this.offerTo(id, peer.name).catch(() => undefined);
    };
    return peer;
  }

  private async offerTo(id: string, name: string) {
    this.peers.get(id)?.pc.close();
    const peer = this.newPeer(id, name);
    this.peers.set(id, peer);
    this.publishPeers();
    const offer = await peer.pc.createOffer();
    await peer.pc.setLocalDescription(offer);
    this.send(id, { description: peer.pc.localDescription!.toJSON() });
  }

  private async onSignal(message: SignalMessage) {
    let peer = this.peers.get(message.from);
    // Both offered at once: the smaller id keeps its own offer, the larger gives way (answers).
    if (
      message.description?.type === 'offer' &&
      peer?.pc.signalingState === 'have-local-offer' &&
      this.options.participantId < message.from
    )
      return;
    if (message.description?.type === 'offer') {
      // An offer starts a fresh connection with that peer (a rejoin, a reconnect, a restart).
      const name = peer?.name ?? '';
      peer?.pc.close();
      peer = this.newPeer(message.from, name);
      this.peers.set(message.from, peer);
      await peer.pc.setRemoteDescription(message.description);
      await this.flushCandidates(peer);
      const answer = await peer.pc.createAnswer();
      await peer.pc.setLocalDescription(answer);
      this.send(message.from, {
        description: peer.pc.localDescription!.toJSON(),
      });
      this.publishPeers();
      return;
    }
    if (!peer) return;
    if (message.description?.type === 'answer') {
      if (peer.pc.signalingState !== 'have-local-offer') return;
      await peer.pc.setRemoteDescription(message.description);
      await this.flushCandidates(peer);
      return;
    }
    if (message.candidate) {
      if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(message.candidate).catch(() => undefined);
      else peer.pending.push(message.candidate);
    }
  }

  private async flushCandidates(peer: Peer) {
    for (const candidate of peer.pending.splice(0))
      await peer.pc.addIceCandidate(candidate).catch(() => undefined);
  }

  private send(
    to: string,
    payload: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit | null },
  ) {
    this.socket?.emit('signal', { sessionId: this.options.sessionId, to, ...payload });
  }

  /** Round trip, loss and decoded frames per peer, every two seconds. */
  private async sampleStats() {
    for (const peer of this.peers.values()) {
      const stats = await peer.pc.getStats().catch(() => null);
      if (!stats) continue;
      let rtt: number | null = null;
      let lost = 0;
      let received = 0;
      let frames = 0;
      stats.forEach((report: Record<string, unknown>) => {
        if (
          report.type === 'candidate-pair' &&
          report.nominated &&
          typeof report.currentRoundTripTime === 'number'
        )
          rtt = report.currentRoundTripTime;
        if (report.type === 'inbound-rtp') {
          lost += typeof report.packetsLost === 'number' ? report.packetsLost : 0;
          received += typeof report.packetsReceived === 'number' ? report.packetsReceived : 0;
          if (report.kind === 'video' && typeof report.framesDecoded === 'number')
            frames += report.framesDecoded;
        }
      });
      const loss = received + lost > 0 ? lost / (received + lost) : 0;
      peer.framesDecoded = frames;
      peer.quality =
        peer.pc.connectionState !== 'connected'
          ? 'unknown'
          : loss > 0.08 || (rtt ?? 0) > 0.4
            ? 'poor'
            : loss > 0.02 || (rtt ?? 0) > 0.15
              ? 'fair'
              : 'good';
    }
    if (this.peers.size > 0) this.publishPeers();
  }

  private async openMedia(audioDeviceId: string | null, videoDeviceId: string | null) {
    const generation = this.generation;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true,
        video: videoDeviceId ? { deviceId: { exact: videoDeviceId } } : { width: 640, height: 360 },
      });
      // Hung up while the browser was asking: the camera goes off again at once.
      if (generation !== this.generation || this.stopped) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      const previous = this.local;
      this.local = stream;
      for (const track of stream.getAudioTracks()) track.enabled = !this.current.muted;
      for (const track of stream.getVideoTracks()) track.enabled = !this.current.cameraOff;
      // Swap the tracks being sent without renegotiating.
      for (const peer of this.peers.values()) {
        for (const sender of peer.pc.getSenders()) {
          const next = stream.getTracks().find((t) => t.kind === sender.track?.kind);
          if (next && !(next.kind === 'video' && this.screen)) await sender.replaceTrack(next);
        }
      }
      for (const track of previous?.getTracks() ?? []) track.stop();
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.update({
        local: stream,
        mediaError: null,
        devices: {
          audio: devices.filter((d) => d.kind === 'audioinput'),
          video: devices.filter((d) => d.kind === 'videoinput'),
        },
        audioDeviceId: stream.getAudioTracks()[0]?.getSettings().deviceId ?? null,
        videoDeviceId: stream.getVideoTracks()[0]?.getSettings().deviceId ?? null,
      });
    } catch {
      this.update({
        mediaError:
          'Your camera or microphone could not be opened. Allow access in the browser, then reload.',
      });
    }
  }

  selectDevices(audioDeviceId: string | null, videoDeviceId: string | null) {
    return this.openMedia(audioDeviceId, videoDeviceId);
  }

  toggleMute() {
    const muted = !this.current.muted;
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = !muted;
    this.update({ muted });
  }

  toggleCamera() {
    const cameraOff = !this.current.cameraOff;
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !cameraOff;
    this.update({ cameraOff });
  }

  async toggleScreenShare() {
    if (this.screen) {
      await this.stopScreenShare();
      return;
    }
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true }).catch(() => null);
    const track = screen?.getVideoTracks()[0];
    if (!screen || !track) return;
    this.screen = screen;
    track.onended = () => void this.stopScreenShare();
    await this.replaceVideo(track);
    this.update({ sharing: true });
  }

  private async stopScreenShare() {
    for (const track of this.screen?.getTracks() ?? []) track.stop();
    this.screen = null;
    const camera = this.local?.getVideoTracks()[0];
    if (camera) await this.replaceVideo(camera);
    this.update({ sharing: false });
  }

  private async replaceVideo(track: MediaStreamTrack) {
    for (const peer of this.peers.values())
      for (const sender of peer.pc.getSenders())
        if (sender.track?.kind === 'video' || (sender.track === null && track.kind === 'video'))
          await sender.replaceTrack(track);
  }

  private finish(phase: 'ended' | 'removed' | 'refused') {
    this.update({ phase });
    this.stop();
  }

  /** Hangs up: closes the connections, the socket and the camera. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.generation++;
    this.joined = false;
    window.clearInterval(this.statsTimer);
    for (const peer of this.peers.values()) peer.pc.close();
    this.peers.clear();
    this.socket?.disconnect();
    this.socket = null;
    for (const track of [...(this.local?.getTracks() ?? []), ...(this.screen?.getTracks() ?? [])])
      track.stop();
    this.local = null;
    this.screen = null;
    this.update({ peers: [], local: null });
  }
}
