import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTIONS, PERMISSIONS, ROLES, can } from '../../src/filing/roles.ts';
import { APPLICATION_STATUSES, TRANSITIONS, canTransition } from '../../src/filing/status.ts';

describe('can', () => {
  it('lets anonymous visitors do only public actions', () => {
    assert.deepEqual(
      ACTIONS.filter((action) => can(null, action)),
      // A notification address is confirmed by whoever holds the link, usually not signed in; a transfer
      // (转移备案) is answered by the subject's principal, who holds the link and the code sent to the phone.
      [
        'precheck',
        'filing.query-public',
        'certificate.verify-public',
        'policy.read',
        'notification.verify-recipient',
        'service.health',
        'filing.transfer-confirm',
        // A verification link is completed by the person holding it, who has no account (issue 15).
        'identity.complete-link',
      ],
    );
  });

  it('keeps review decisions apart: applicants never review, reviewers never file', () => {
    for (const role of ROLES) {
      assert.equal(can(role, 'provider-review.decide'), role === 'provider-reviewer', role);
      assert.equal(can(role, 'bureau-review.decide'), role === 'bureau-reviewer', role);
      assert.equal(can(role, 'application.submit-own'), role === 'applicant', role);
    }
  });

  it('grants every action to some role', () => {
    const granted = new Set(ROLES.flatMap((role) => PERMISSIONS[role] as readonly string[]));
    assert.deepEqual(
      ACTIONS.filter((action) => !granted.has(action)),
      [],
    );
  });
});

describe('canTransition', () => {
  it('reaches every status from draft', () => {
    const seen = new Set<string>(['draft']);
    const queue = ['draft'] as (keyof typeof TRANSITIONS)[];
    while (queue.length > 0) {
      for (const next of TRANSITIONS[queue.shift()!]) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    assert.deepEqual(
      [...APPLICATION_STATUSES].filter((s) => !seen.has(s)),
      [],
    );
  });

  it('ends in approved, withdrawn or expired, and allows no way out of them', () => {
    for (const status of ['approved', 'withdrawn', 'expired'] as const) {
      assert.deepEqual(
        APPLICATION_STATUSES.filter((to) => canTransition(status, to)),
        [],
      );
    }
  });

  it('sends a missed SMS back to the provider, never straight to approval', () => {
    assert.equal(canTransition('awaiting-sms', 'provider-review'), true);
    assert.equal(canTransition('awaiting-sms', 'approved'), false);
    assert.equal(canTransition('provider-review', 'approved'), false);
  });
});
