/**
 * What the telehealth services tell the participants' browsers, through the signalling namespace
 * (`signalling.ts`), after their transaction commits. Across instances through the Redis adapter.
 */
export interface TelehealthChannel {
  /** Participants with a socket in the session right now, on any instance. */
  online(sessionId: string): Promise<Set<string>>;
  /** The host admitted this participant: their browser joins the call. */
  admitted(sessionId: string, participantId: string): void;
  /** The host removed this participant: their sockets leave the session. */
  removed(sessionId: string, participantId: string): void;
  /** Someone arrived in or left the waiting room: the hosts' screens refresh. */
  lobbyChanged(sessionId: string): void;
  /** The host ended the session: every browser in it hangs up. */
  ended(sessionId: string): void;
}

/** For the API without sockets (tests that never connect one). */
export const silentChannel: TelehealthChannel = {
  online: () => Promise.resolve(new Set()),
  admitted: () => undefined,
  removed: () => undefined,
  lobbyChanged: () => undefined,
  ended: () => undefined,
};

/** Socket.IO rooms of the signalling namespace, assigned by the server only. */
export const telehealthRooms = {
  /** Everyone admitted (and the host): offers, answers and presence. */
  call: (sessionId: string) => `th:${sessionId}`,
  /** Everyone connected to the session, waiting or not: the end reaches them all. */
  all: (sessionId: string) => `th:${sessionId}:all`,
  /** The host's sockets: the waiting room changed. */
  hosts: (sessionId: string) => `th:${sessionId}:hosts`,
  /** One participant's sockets (a reconnect replaces one of them). */
  peer: (sessionId: string, participantId: string) => `th:${sessionId}:p:${participantId}`,
};
