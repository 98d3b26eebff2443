/**
 * One WHOIS query (RFC 3912): connect to port 43, send the name and CRLF, read until the server closes.
 * One deadline for the whole exchange and a size cap while reading, as for RDAP.
 */
import { connect } from 'node:net';

type WhoisQueryOptions = { timeoutMs: number; maxBytes: number };

type WhoisQueryResult = { kind: 'ok'; text: string } | { kind: 'error'; error: string };

export function whoisQuery(
  server: { host: string; port: number },
  query: string,
  options: WhoisQueryOptions,
): Promise<WhoisQueryResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const socket = connect({ host: server.host, port: server.port });
    const finish = (result: WhoisQueryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'error', error: 'timeout' }), options.timeoutMs);
    // Written, not half-closed: RFC 3912 servers answer and close; some drop a client that sent FIN.
    socket.on('connect', () => socket.write(`${query}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > options.maxBytes) finish({ kind: 'error', error: 'too-large' });
      else chunks.push(chunk);
    });
    // CNNIC answers in UTF-8; the registrant and registrar names are often Chinese.
    socket.on('close', () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    socket.on('error', () => finish({ kind: 'error', error: 'network' }));
  });
}
