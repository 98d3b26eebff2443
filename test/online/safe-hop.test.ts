/** The one hop to a registrar's RDAP: the link comes from a third party, so it is checked before use. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeHop } from '../../src/online/rdap-client.ts';

const REGISTRY = 'https://rdap.verisign.com/com/v1/domain/example-shop.com';

describe('safeHop', () => {
  it('follows an HTTPS link to a public registrar server', () => {
    assert.equal(
      safeHop('https://rdap.registrar.example/domain/example-shop.com', REGISTRY)?.href,
      'https://rdap.registrar.example/domain/example-shop.com',
    );
  });

  it('refuses plain HTTP from an HTTPS registry, and non-HTTP schemes', () => {
    assert.equal(safeHop('http://rdap.registrar.example/domain/x.com', REGISTRY), null);
    assert.equal(safeHop('file:///etc/passwd', REGISTRY), null);
    assert.equal(safeHop('not a url', REGISTRY), null);
  });

  it('refuses internal addresses named by a public registry', () => {
    for (const link of [
      'https://127.0.0.1/domain/x.com',
      'https://localhost:8080/x',
      'https://10.1.2.3/x',
      'https://172.20.0.1/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/x',
      'https://[fd00::1]/x',
    ]) {
      assert.equal(safeHop(link, REGISTRY), null, link);
    }
  });

  it('lets a local registry (a test setup) link to its local registrar over HTTP', () => {
    assert.equal(
      safeHop('http://127.0.0.1:4001/domain/x.com', 'http://127.0.0.1:4000/domain/x.com')?.port,
      '4001',
    );
  });
});
