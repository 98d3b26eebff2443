/**
 * The permission matrix: every route × every role and anonymous. A request is refused with 401/403
 * exactly when the route's access (the permission table, through `can`) says no.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACTIONS, ROLES, can } from '../../src/filing/roles.ts';
import type { Role } from '../../src/filing/roles.ts';
import { API_ROUTES } from '../../src/http/routes.ts';
import type { ApiRoute } from '../../src/http/route.ts';
import type { Database } from '../../src/store/index.ts';
import { testDialects } from '../support/databases.ts';
import type { Fixture } from './http-fixture.ts';
import { createFixture } from './http-fixture.ts';

/** The expectation written out from `can`, independently of the app's own decision function. */
function expectedRefusal(route: ApiRoute, role: Role | null): 401 | 403 | null {
  if (route.access === 'anyone') return null;
  if (route.access === 'signed-in') return role === null ? 401 : null;
  if (can(role, route.access)) return null;
  return role === null ? 401 : 403;
}

describe('route list', () => {
  it('gives every route a known access', () => {
    const known = new Set<string>([...ACTIONS, 'anyone', 'signed-in']);
    for (const route of API_ROUTES) assert.ok(known.has(route.access), `${route.method} ${route.path}`);
  });

  it('has no two routes with the same method and path', () => {
    const keys = API_ROUTES.map((route) => `${route.method} ${route.path}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});

for (const dialect of testDialects()) {
  describe(`permission matrix (${dialect.name})`, { skip: dialect.skip }, () => {
    let db: Database;
    let fx: Fixture;
    before(async () => {
      db = await dialect.open();
      fx = await createFixture(db, {
        rateLimits: { login: { limit: 1000, windowMs: 60_000 }, precheck: { limit: 1000, windowMs: 60_000 } },
      });
    });
    after(() => db.destroy());

    for (const route of API_ROUTES) {
      it(`${route.method.toUpperCase()} ${route.path} (${route.access})`, async () => {
        for (const role of [null, ...ROLES]) {
          // A fresh session per request: DELETE /session must not sign the next request out.
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (role !== null) {
            const session = await fx.sessionOf(role);
            headers.cookie = session.cookie;
            headers['x-csrf-token'] = session.csrf;
          }
          const path = route.path.replace(/:\w+/g, '1');
          const response = await fx.request(route.method.toUpperCase(), path, {
            headers,
            ...(route.method === 'get' ? {} : { body: {} }),
          });
          const expected = expectedRefusal(route, role);
          const label = `${route.method} ${route.path} as ${role ?? 'anonymous'}: ${response.status}`;
          if (expected === null) assert.ok(response.status !== 401 && response.status !== 403, label);
          else assert.equal(response.status, expected, label);
        }
      });
    }
  });
}
