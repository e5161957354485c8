import type { Socket } from 'node:net';
import { ERROR_STATUS, ERROR_TITLES, type ErrorCode } from '@mentalspace/contracts';
import type { FastifyBaseLogger } from 'fastify';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (oversized headers, garbage on the
 * wire) still get problem+json with a stable code, never Node's bare answer and never a 500.
 * Nothing of the request is echoed or logged beyond the parser's error code.
 */
export function createClientErrorHandler(
  logger: FastifyBaseLogger,
  /** Records the refusal as a security event (address and parser code only); never awaited. */
  record: (event: { ip: string | undefined; parserError: string }) => Promise<unknown>,
) {
  return (error: Error & { code?: string }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code: ErrorCode =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 'request_headers_too_large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 'request_timeout'
          : 'malformed_request';
    const status = ERROR_STATUS[code];
    const parserError = error.code ?? 'unknown';
    logger.warn({ parserError, status }, 'request refused by the HTTP parser');
    record({ ip: socket.remoteAddress, parserError }).catch((failure: unknown) =>
      logger.error({ err: failure }, 'could not record a refused request'),
    );
    const body = JSON.stringify({
      type: `https://mentalspace.dev/problems/${code.replaceAll('_', '-')}`,
      title: ERROR_TITLES[code],
      status,
      code,
    });
    socket.end(
      `HTTP/1.1 ${status} ${REASON[status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  };
}
