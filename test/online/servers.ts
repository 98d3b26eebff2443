/**
 * Local RDAP (HTTP) and WHOIS (TCP) servers on 127.0.0.1 for the online tests and the bench, with
 * realistic answers: a Verisign-style .com registry pointing at a registrar RDAP whose registrant is
 * redacted (RFC 9537), CNNIC WHOIS text. Nothing here reaches the internet.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the HTTP server answers to one request; `hang`: accept and never answer. */
export type HttpReply = {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
  hang?: boolean;
  /** Simulated latency (bench only: tests never wait). */
  delayMs?: number;
};

export type LocalServer = {
  /** `http://127.0.0.1:PORT` (no trailing slash) or `127.0.0.1`. */
  url: string;
  port: number;
  /** Paths (HTTP) or queries (WHOIS) received, in order. */
  requests: string[];
  count(pathOrQuery: string): number;
  close(): Promise<void>;
};

export async function startHttpServer(
  handle: (path: string, request: IncomingMessage) => HttpReply | undefined,
): Promise<LocalServer> {
  const requests: string[] = [];
  const server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.push(path);
    const reply = handle(path, request) ?? { status: 404, json: { errorCode: 404, title: 'Not Found' } };
    if (reply.hang) return;
    const send = () => {
      const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
      response.writeHead(reply.status ?? 200, {
        'content-type': 'application/rdap+json',
        ...reply.headers,
      });
      response.end(body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    count: (path) => requests.filter((p) => p === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the WHOIS server answers to one query: text (then close), or `hang`. */
export type WhoisReply = { text?: string; hang?: boolean; delayMs?: number };

export async function startWhoisServer(handle: (query: string) => WhoisReply): Promise<LocalServer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let input = '';
    socket.on('data', (chunk: Buffer) => {
      input += chunk.toString('utf8');
      const end = input.indexOf('\r\n');
      if (end < 0) return;
      const query = input.slice(0, end);
      requests.push(query);
      const reply = handle(query);
      if (reply.hang) return;
      const send = () => socket.end(reply.text ?? '');
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: '127.0.0.1',
    port,
    requests,
    count: (query) => requests.filter((q) => q === query).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A bootstrap file (IANA's shape) naming local servers: `{ com: 'http://127.0.0.1:1/com/v1/' }`. */
export function writeBootstrap(
  bases: Record<string, string>,
  publication = '2026-11-20T18:00:01Z',
  dir = mkdtempSync(join(tmpdir(), 'beian-rdap-')),
): string {
  const path = join(dir, 'dns.json');
  writeFileSync(
    path,
    JSON.stringify({
      description: 'RDAP bootstrap file for Domain Name System registrations',
      publication,
      services: Object.entries(bases).map(([tld, url]) => [[tld], [url]]),
      version: '1.0',
    }),
  );
  return path;
}

/** A WHOIS servers file (data/whois-servers.json's shape) pointing .cn and .中国 at a local server. */
export function writeWhoisServers(port: number, dir = mkdtempSync(join(tmpdir(), 'beian-whois-'))): string {
  const path = join(dir, 'whois-servers.json');
  const entry = (tld: string) => ({
    tld,
    host: '127.0.0.1',
    port,
    format: 'cnnic',
    confidence: 'high',
    sources: [{ title: 'local test server' }],
  });
  writeFileSync(
    path,
    JSON.stringify({
      source: 'test',
      snapshotDate: '2026-11-28',
      description: 'local WHOIS for tests',
      entries: [entry('cn'), entry('xn--fiqs8s')],
    }),
  );
  return path;
}

const RDAP_CONFORMANCE = [
  'rdap_level_0',
  'icann_rdap_technical_implementation_guide_0',
  'icann_rdap_response_profile_0',
];

type Registrar = { name: string; ianaId: number };
export const ALIYUN: Registrar = { name: 'Alibaba Cloud Computing (Beijing) Co., Ltd.', ianaId: 420 };
export const GODADDY: Registrar = { name: 'GoDaddy.com, LLC', ianaId: 146 };

function registrarEntity(registrar: Registrar) {
  return {
    objectClassName: 'entity',
    handle: String(registrar.ianaId),
    roles: ['registrar'],
    publicIds: [{ type: 'IANA Registrar ID', identifier: String(registrar.ianaId) }],
    vcardArray: [
      'vcard',
      [
        ['version', {}, 'text', '4.0'],
        ['fn', {}, 'text', registrar.name],
      ],
    ],
    entities: [
      {
        objectClassName: 'entity',
        roles: ['abuse'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', ''],
            ['tel', { type: 'voice' }, 'uri', 'tel:+86.95187'],
            ['email', {}, 'text', 'DomainAbuse@service.aliyun.com'],
          ],
        ],
      },
    ],
  };
}

export type DomainAnswer = {
  domain: string;
  registrar?: Registrar;
  registeredAt?: string;
  expiresAt?: string | null;
  statuses?: string[];
  /** The registrar's RDAP URL the registry links to (rel `related`). */
  registrarLink?: string;
  registrarExpiresAt?: string;
};

/** A Verisign-style thin registry answer for a .com domain (upper-case ldhName, notices, links). */
export function registryAnswer(answer: DomainAnswer, self: string): unknown {
  const upper = answer.domain.toUpperCase();
  const links: unknown[] = [{ value: self, rel: 'self', href: self, type: 'application/rdap+json' }];
  if (answer.registrarLink) {
    links.push({
      value: answer.registrarLink,
      rel: 'related',
      href: answer.registrarLink,
      type: 'application/rdap+json',
    });
  }
  const events: unknown[] = [
    { eventAction: 'registration', eventDate: answer.registeredAt ?? '2019-05-20T08:12:33Z' },
    { eventAction: 'last changed', eventDate: '2026-05-01T02:00:00Z' },
    { eventAction: 'last update of RDAP database', eventDate: '2026-11-28T03:55:02Z' },
  ];
  if (answer.expiresAt !== null) {
    events.splice(1, 0, { eventAction: 'expiration', eventDate: answer.expiresAt ?? '2027-05-20T08:12:33Z' });
  }
  return {
    objectClassName: 'domain',
    handle: `2336799_DOMAIN_COM-VRSN`,
    ldhName: upper,
    links,
    status: answer.statuses ?? [
      'client delete prohibited',
      'client transfer prohibited',
      'client update prohibited',
    ],
    entities: [registrarEntity(answer.registrar ?? ALIYUN)],
    events,
    secureDNS: { delegationSigned: false },
    nameservers: [
      { objectClassName: 'nameserver', ldhName: 'DNS7.HICHINA.COM' },
      { objectClassName: 'nameserver', ldhName: 'DNS8.HICHINA.COM' },
    ],
    rdapConformance: RDAP_CONFORMANCE,
    notices: [
      {
        title: 'Terms of Use',
        description: ['Service subject to Terms of Use.'],
        links: [
          {
            href: 'https://www.verisign.com/domain-names/registration-data-access-protocol/terms-service/index.xhtml',
            type: 'text/html',
          },
        ],
      },
    ],
  };
}

/**
 * A registrar answer with the registrant redacted per RFC 9537: the name emptied, the email removed.
 * `registrantName` puts a name in the registrant's vCard anyway, to prove it is never taken.
 */
export function registrarAnswer(answer: DomainAnswer, registrantName = ''): unknown {
  const events: unknown[] = [
    { eventAction: 'registration', eventDate: answer.registeredAt ?? '2019-05-20T08:12:33Z' },
    { eventAction: 'expiration', eventDate: answer.expiresAt ?? '2027-05-20T08:12:33Z' },
  ];
  if (answer.registrarExpiresAt) {
    events.push({ eventAction: 'registrar expiration', eventDate: answer.registrarExpiresAt });
  }
  return {
    objectClassName: 'domain',
    ldhName: answer.domain,
    status: answer.statuses ?? [
      'client delete prohibited',
      'client transfer prohibited',
      'client update prohibited',
    ],
    entities: [
      registrarEntity(answer.registrar ?? ALIYUN),
      {
        objectClassName: 'entity',
        roles: ['registrant'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', registrantName],
            ['adr', { cc: 'CN' }, 'text', ['', '', '', '', 'Zhejiang', '', '']],
          ],
        ],
      },
    ],
    events,
    redacted: [
      {
        name: { type: 'Registrant Name' },
        prePath: "$.entities[?(@.roles[0]=='registrant')].vcardArray[1][?(@[0]=='fn')][3]",
        method: 'emptyValue',
        reason: { description: 'Server policy' },
      },
      {
        name: { type: 'Registrant Email' },
        prePath: "$.entities[?(@.roles[0]=='registrant')].vcardArray[1][?(@[0]=='email')]",
        method: 'removal',
        reason: { description: 'Server policy' },
      },
    ],
    rdapConformance: [...RDAP_CONFORMANCE, 'redacted'],
  };
}

/** CNNIC's WHOIS reply for a registered .cn domain. */
export function cnnicAnswer(options: {
  domain: string;
  registrar?: string;
  registrant?: string;
  statuses?: string[];
  registered?: string;
  expires?: string;
}): string {
  const lines = [
    `Domain Name: ${options.domain}`,
    'ROID: 20240301s10001s56327890-cn',
    ...(options.statuses ?? ['clientDeleteProhibited', 'clientTransferProhibited']).map(
      (status) => `Domain Status: ${status}`,
    ),
    `Registrant: ${options.registrant ?? '杭州示例科技有限公司'}`,
    'Registrant Contact Email: domain@example.com.cn',
    `Sponsoring Registrar: ${options.registrar ?? '阿里云计算有限公司'}`,
    'Name Server: dns1.hichina.com',
    'Name Server: dns2.hichina.com',
    `Registration Time: ${options.registered ?? '2024-03-01 10:00:00'}`,
    `Expiration Time: ${options.expires ?? '2028-03-01 10:00:00'}`,
    'DNSSEC: unsigned',
  ];
  return `${lines.join('\r\n')}\r\n`;
}
