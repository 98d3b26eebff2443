/**
 * The monitor's internet in a box, for its tests and bench/monitor.ts: an authoritative DNS server
 * (dns2, UDP on 127.0.0.1) answering from a zone table, and one node:http server on 127.0.0.1 that
 * serves many websites by their Host header. Nothing here reaches the internet.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;

/** One name in the zone: its addresses, or a CNAME to another name of the zone; absent: NXDOMAIN. */
export type ZoneEntry = { a?: string[]; aaaa?: string[]; cname?: string; rcode?: 'SERVFAIL' };

export type LocalDns = {
  /** `127.0.0.1:PORT`, for createDnsProbe's servers and BEIAN_MONITOR_DNS_SERVERS. */
  server: string;
  /** Names asked, in order (type A and AAAA both). */
  queries: string[];
  close(): Promise<void>;
};

/** Starts the DNS server; `zone` may be changed while it runs (a site moving away between checks). */
export async function startDns(zone: Map<string, ZoneEntry>): Promise<LocalDns> {
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      if (!question) {
        send(response);
        return;
      }
      const asked = question.name.toLowerCase();
      queries.push(asked);
      // Follow CNAMEs inside the zone, as an authoritative server for all of it would (RFC 1034 §4.3.2).
      let name = asked;
      let entry = zone.get(name);
      for (let hops = 0; entry?.cname !== undefined && hops < 8; hops++) {
        response.answers.push(
          new Packet.Resource({
            name,
            type: Packet.TYPE.CNAME,
            class: Packet.CLASS.IN,
            ttl: 60,
            domain: entry.cname,
          }),
        );
        name = entry.cname;
        entry = zone.get(name);
      }
      if (entry?.rcode === 'SERVFAIL') {
        response.answers = [];
        response.header.rcode = Packet.RCODE.SERVFAIL;
        send(response);
        return;
      }
      if (entry === undefined) {
        response.header.rcode = Packet.RCODE.NXDOMAIN;
        send(response);
        return;
      }
      const v6 = question.type === Packet.TYPE.AAAA;
      for (const address of (v6 ? entry.aaaa : entry.a) ?? []) {
        response.answers.push(
          new Packet.Resource({
            name,
            type: v6 ? Packet.TYPE.AAAA : Packet.TYPE.A,
            class: Packet.CLASS.IN,
            ttl: 60,
            address,
          }),
        );
      }
      send(response);
    },
  });
  const listening = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = (listening.udp as AddressInfo).port;
  return {
    server: `127.0.0.1:${port}`,
    queries,
    close: async () => {
      await server.close();
    },
  };
}

/** What one website answers: a page, a redirect, or nothing (the connection held open). */
export type SiteReply =
  | { kind: 'page'; html: string; status?: number; contentLength?: 'declared' | 'chunked' }
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 307 | 308 }
  | { kind: 'hang' }
  /** `bytes` of filler sent in 64 KiB chunks, without a Content-Length. */
  | { kind: 'stream'; bytes: number };

export type LocalWeb = {
  port: number;
  /** `host path` per request, in order, and each request's User-Agent. */
  requests: { host: string; path: string; userAgent: string }[];
  close(): Promise<void>;
};

/**
 * Serves `sites` by Host (port stripped); an unknown host gets 404. `latencyMs` delays every answer
 * (the bench's model of a distant server; tests leave it 0).
 */
export async function startWeb(
  sites: (host: string, path: string) => SiteReply | undefined,
  options: { latencyMs?: number } = {},
): Promise<LocalWeb> {
  const requests: LocalWeb['requests'] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = request.url ?? '/';
    requests.push({ host, path, userAgent: request.headers['user-agent'] ?? '' });
    const reply = sites(host, path);
    if (reply === undefined) return response.writeHead(404).end('not found');
    switch (reply.kind) {
      case 'hang':
        return;
      case 'redirect':
        return response.writeHead(reply.status ?? 302, { location: reply.location }).end();
      case 'stream': {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let left = reply.bytes;
        const pump = () => {
          while (left > 0) {
            const piece = chunk.subarray(0, Math.min(chunk.length, left));
            left -= piece.length;
            if (!response.write(piece)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('close', () => (left = 0));
        return pump();
      }
      case 'page': {
        const body = Buffer.from(reply.html);
        const headers: Record<string, string | number> = { 'content-type': 'text/html; charset=utf-8' };
        if (reply.contentLength !== 'chunked') headers['content-length'] = body.length;
        return response.writeHead(reply.status ?? 200, headers).end(body);
      }
    }
  };
  const latency = options.latencyMs ?? 0;
  const server = createServer((request, response) => {
    if (latency > 0) setTimeout(() => answer(request, response), latency);
    else answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
