/** The RDAP bootstrap (RFC 9224) and the WHOIS server list: the bundled files, matching, validation. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  BootstrapError,
  DEFAULT_BOOTSTRAP_PATH,
  diffBootstrap,
  loadBootstrap,
  loadWhoisServers,
  parseBootstrap,
} from '../../src/online/index.ts';

const doc = (services: unknown, publication = '2026-11-20T18:00:01Z') =>
  JSON.stringify({ version: '1.0', publication, description: 'x', services });

describe('RDAP bootstrap', () => {
  const bundled = loadBootstrap();

  it('bundles a snapshot in IANA’s shape with its publication date', () => {
    const raw = JSON.parse(readFileSync(DEFAULT_BOOTSTRAP_PATH, 'utf8'));
    assert.deepEqual(Object.keys(raw).sort(), ['description', 'publication', 'services', 'version']);
    assert.equal(raw.version, '1.0');
    assert.ok(!Number.isNaN(Date.parse(raw.publication)));
    for (const tld of ['com', 'net', 'org', 'info', 'biz', 'xyz', 'top', 'vip', 'shop', 'app', 'dev']) {
      assert.match(bundled.baseFor(`example.${tld}`) ?? '', /^https:\/\/.+\/$/, tld);
    }
    assert.equal(bundled.baseFor('example.com'), 'https://rdap.verisign.com/com/v1/');
  });

  it('has no entry for .cn, .中国 or .io: CNNIC runs no public RDAP, .io is a ccTLD without one', () => {
    for (const domain of ['example.cn', 'example.com.cn', 'xn--fsqu00a.xn--fiqs8s', 'example.io']) {
      assert.equal(bundled.baseFor(domain), null, domain);
    }
  });

  it('builds request URLs for odd bases: a Unicode host, an upper-case path', () => {
    const shopping = new URL(
      'domain/xn--fsqu00a.xn--g2xx48c',
      bundled.baseFor('xn--fsqu00a.xn--g2xx48c') ?? '',
    );
    assert.equal(shopping.host, 'rdap.nic.xn--g2xx48c');
    const news = new URL('domain/a.xn--efvy88h', bundled.baseFor('a.xn--efvy88h') ?? '');
    assert.equal(news.pathname, '/XN--EFVY88H/domain/a.xn--efvy88h');
  });

  it('matches the longest label suffix', () => {
    const bootstrap = parseBootstrap(
      doc([
        [['uk'], ['https://uk.example/']],
        [['co.uk'], ['https://co-uk.example/']],
      ]),
      't',
    );
    assert.equal(bootstrap.baseFor('shop.example.co.uk'), 'https://co-uk.example/');
    assert.equal(bootstrap.baseFor('example.org.uk'), 'https://uk.example/');
    assert.equal(bootstrap.baseFor('EXAMPLE.CO.UK'), 'https://co-uk.example/');
    assert.equal(bootstrap.baseFor('example.com'), null);
  });

  it('prefers https and adds the trailing slash a base needs', () => {
    const bootstrap = parseBootstrap(
      doc([[['a'], ['http://a.example/rdap', 'https://a.example/rdap']]]),
      't',
    );
    assert.equal(bootstrap.baseFor('x.a'), 'https://a.example/rdap/');
  });

  it('refuses a file that is not a bootstrap, naming the path', () => {
    assert.throws(
      () => parseBootstrap('{', 'bad.json'),
      (error: BootstrapError) => {
        assert.ok(error instanceof BootstrapError);
        return /bad\.json is not valid JSON/.test(error.messages.en);
      },
    );
    assert.throws(
      () => parseBootstrap(doc([[['com']]]), 'short.json'),
      (error: BootstrapError) => /short\.json .*services\.0/.test(error.messages.en),
    );
    assert.throws(
      () => parseBootstrap(doc([], 'yesterday'), 'date.json'),
      (error: BootstrapError) => /publication/.test(error.messages.en),
    );
    assert.throws(
      () => parseBootstrap(doc([[['com'], ['ftp://x/']]]), 'ftp.json'),
      (error: BootstrapError) => /no usable http\(s\) URL/.test(error.messages.en),
    );
  });

  it('tells what an update adds, removes and moves', () => {
    const before = parseBootstrap(doc([[['a', 'b'], ['https://one/']]]), 'before');
    const after = parseBootstrap(
      doc([
        [['b'], ['https://two/']],
        [['c'], ['https://one/']],
      ]),
      'after',
    );
    assert.deepEqual(diffBootstrap(before, after), { added: ['c'], removed: ['a'], changed: ['b'] });
  });
});

describe('WHOIS servers', () => {
  const servers = loadWhoisServers();

  it('sends .cn (with its second-level zones) and .中国/.中國 to CNNIC, each with a source', () => {
    assert.equal(servers.serverFor('example.cn')?.host, 'whois.cnnic.cn');
    assert.equal(servers.serverFor('example.com.cn')?.host, 'whois.cnnic.cn');
    assert.equal(servers.serverFor('xn--fsqu00a.xn--fiqs8s')?.host, 'cwhois.cnnic.cn');
    assert.equal(servers.serverFor('xn--fsqu00a.xn--fiqz9s')?.host, 'cwhois.cnnic.cn');
    assert.equal(servers.serverFor('example.com'), null);
    for (const entry of servers.entries) {
      assert.equal(entry.port, 43);
      assert.ok(entry.sources.length > 0 && entry.confidence !== 'unsourced', entry.tld);
    }
  });

  it('has its provenance, and the bootstrap’s, in data/README.md', () => {
    const readme = readFileSync(new URL('../../data/README.md', import.meta.url), 'utf8');
    assert.match(readme, /rdap-bootstrap\/dns\.json/);
    assert.match(readme, /whois-servers\.json/);
  });
});
