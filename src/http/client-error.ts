import type { FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { REQUEST_ID_HEADER, newRequestId } from './plugins/request-id.js';
import { problem } from './problem/from-error.js';
import { PROBLEM_CONTENT_TYPE } from './problem/reply.js';
import type { Problem } from './problem/types.js';

/** What Node's HTTP parser reports, in words a client can act on. */
const PARSE_ERRORS: Record<string, string> = {
  HPE_INVALID_METHOD: 'the request method is not a valid HTTP method',
  HPE_INVALID_URL: 'the request target is not a valid URL',
  HPE_INVALID_VERSION: 'the request line does not end with a valid HTTP version',
  HPE_INVALID_CONSTANT: 'the request line is not HTTP/1.x',
  HPE_INVALID_HEADER_TOKEN: 'a header holds a character that HTTP does not allow',
  HPE_INVALID_CONTENT_LENGTH: 'the Content-Length header is not a single number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'the request has both Content-Length and Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'the Transfer-Encoding header is not one HTTP allows',
  HPE_INVALID_CHUNK_SIZE: 'a chunk of the body has no valid size',
  HPE_CR_EXPECTED: 'a line of the request does not end with CRLF',
  HPE_LF_EXPECTED: 'a line of the request does not end with CRLF',
  HPE_STRICT: 'the request is not well-formed HTTP/1.1',
};

/** The problem for an error Node raised before any route saw the request (so with no `instance`). */
export function clientErrorProblem(code: string | undefined): Problem {
  const { instance: _unread, ...body } = problemOf(code);
  return body;
}

function problemOf(code: string | undefined): Problem {
  const context = { instance: '' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return problem('request-timeout', 'the request did not arrive in time; the connection is closed', context);
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return problem('headers-too-large', 'the request line and headers are larger than the server accepts', context);
  }
  const detail = (code !== undefined && PARSE_ERRORS[code]) || 'the request is not well-formed HTTP/1.1';
  return problem('bad-request', detail, context);
}

/**
 * Fastify's clientErrorHandler: errors raised by Node's HTTP parser and timeouts, before any
 * route (so before any hook) runs. They are answered as problems with a request id, like every
 * other error, and the connection is closed: what follows on it cannot be trusted.
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to read an answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const id = newRequestId();
  const body = clientErrorProblem(error.code);
  this.log.info({ reqId: id, code: error.code, status: body.status }, 'client error before routing');
  // Never write into the middle of an answer already on its way (a pipelined request).
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!socket.writable || answering) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    `content-length: ${Buffer.byteLength(text)}`,
    'cache-control: no-store',
    `${REQUEST_ID_HEADER}: ${id}`,
    'connection: close',
  ];
  // Closed once the answer is flushed, whether or not the client closes its side.
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`, () => socket.destroy());
}
