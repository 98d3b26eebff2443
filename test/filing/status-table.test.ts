/**
 * What each status allows (STATUS_ALLOWS in src/filing/status.ts) must agree with the transition table:
 * a capability that leads somewhere is only granted where the table lets the application go there.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplicationStatus, StatusCapability } from '../../src/filing/status.ts';
import {
  allows,
  APPLICATION_STATUSES,
  canTransition,
  STATUS_ALLOWS,
  STATUS_CAPABILITIES,
  statusesAllowing,
  TRANSITIONS,
} from '../../src/filing/status.ts';

const TERMINAL: ApplicationStatus[] = APPLICATION_STATUSES.filter((s) => TRANSITIONS[s].length === 0);

describe('status table', () => {
  it('names every status and only known capabilities', () => {
    assert.deepEqual(Object.keys(STATUS_ALLOWS).sort(), [...APPLICATION_STATUSES].sort());
    for (const status of APPLICATION_STATUSES) {
      for (const capability of STATUS_ALLOWS[status]) assert.ok(STATUS_CAPABILITIES.includes(capability));
    }
  });

  it('lists the statuses of each capability in table order', () => {
    assert.deepEqual(statusesAllowing('edit'), ['draft']);
    assert.deepEqual(statusesAllowing('reopen'), ['provider-rejected', 'bureau-rejected']);
    assert.deepEqual(statusesAllowing('documents'), ['draft', 'provider-rejected', 'bureau-rejected']);
    assert.deepEqual(statusesAllowing('submit'), ['draft']);
    assert.deepEqual(statusesAllowing('sms'), ['awaiting-sms']);
    assert.deepEqual(statusesAllowing('idle-expiry'), [
      'draft',
      'supplement-requested',
      'provider-rejected',
      'bureau-rejected',
    ]);
    // Issue 15: a rejected document is replaced, and calls are logged, only during 初审.
    assert.deepEqual(statusesAllowing('replace-documents'), ['provider-review', 'supplement-requested']);
    assert.deepEqual(statusesAllowing('call-log'), ['provider-review', 'supplement-requested']);
    assert.deepEqual(statusesAllowing('hold'), [
      'provider-review',
      'supplement-requested',
      'provider-rejected',
      'awaiting-sms',
      'bureau-review',
      'bureau-rejected',
    ]);
  });

  it('grants a capability only where the transition table allows where it leads', () => {
    const leadsTo: Partial<Record<StatusCapability, ApplicationStatus>> = {
      reopen: 'draft',
      submit: 'provider-review',
      sms: 'bureau-review',
      'idle-expiry': 'expired',
    };
    // 待补充材料 is entered only from 初审 and leaves only back to it (or ends).
    assert.deepEqual(TRANSITIONS['supplement-requested'], ['provider-review', 'withdrawn', 'expired']);
    assert.ok(canTransition('provider-review', 'supplement-requested'));
    for (const [capability, to] of Object.entries(leadsTo) as [StatusCapability, ApplicationStatus][]) {
      for (const status of statusesAllowing(capability))
        assert.ok(canTransition(status, to), `${status} → ${to}`);
    }
  });

  it('lets the applicant change the documents exactly where the form can be changed or reopened', () => {
    for (const status of APPLICATION_STATUSES) {
      assert.equal(allows(status, 'documents'), allows(status, 'edit') || allows(status, 'reopen'), status);
    }
  });

  it('holds domains from submit until the application is finished, never in draft or at the end', () => {
    assert.equal(allows('draft', 'hold'), false);
    for (const status of TERMINAL) assert.deepEqual(STATUS_ALLOWS[status], [], status);
    // Every status reachable from a held one without passing draft or an end holds too.
    for (const status of statusesAllowing('hold')) {
      for (const next of TRANSITIONS[status]) {
        if (next !== 'draft' && !TERMINAL.includes(next))
          assert.ok(allows(next, 'hold'), `${status} → ${next}`);
      }
    }
  });
});
