/**
 * 核验沙箱 — the embedded vendor behind VerificationGateway, deterministic so tests and demos can play
 * every case: (1) a face photo byte-identical to the ID photo is refused (`same-photo`); (2) an ID photo
 * marked with another certificate number (photo-marks.ts) is the wrong person (`id-mismatch`); (3) an
 * operator's steer for the person's certificate number (`identity_sandbox_outcome`, for the next N checks
 * or until changed) answers next; (4) otherwise it passes. Like the MIIT sandbox's SMS outbox, the
 * steering exists only here.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SandboxVerificationOutcome, Schema } from '../store/index.ts';
import type { VerificationGateway, VerificationOutcome } from './gateway.ts';
import { readIdNumberMark } from './photo-marks.ts';

export const SANDBOX_OUTCOMES = ['pass', 'id-mismatch', 'face-mismatch', 'id-unreadable'] as const;

export type SandboxSteer = {
  idNumber: string;
  outcome: SandboxVerificationOutcome;
  /** Checks it answers; null: all until changed. */
  remaining: number | null;
  setBy: string;
  setAt: string;
};

/** The sandbox gateway plus what only a sandbox has: steering its answers. */
export type SandboxVerificationGateway = VerificationGateway & {
  steer(tx: Kysely<Schema>, steer: SandboxSteer): Promise<void>;
  steers(db: Kysely<Schema>): Promise<SandboxSteer[]>;
};

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function createSandboxVerificationGateway(database: Database): SandboxVerificationGateway {
  return {
    name: 'sandbox',
    async verify(request, tx): Promise<VerificationOutcome> {
      const db = tx ?? database.kysely;
      const vendorReference = `sandbox-${request.reference}-${sha(request.facePhoto).slice(0, 12)}`;
      if (sha(request.idPhoto) === sha(request.facePhoto))
        return { passed: false, failure: 'same-photo', vendorReference };
      const wanted = request.person.idNumber.trim().toUpperCase();
      const marked = readIdNumberMark(request.idPhoto);
      if (marked !== null && marked !== wanted)
        return { passed: false, failure: 'id-mismatch', vendorReference };
      const steer = await db
        .selectFrom('identity_sandbox_outcome')
        .selectAll()
        .where('id_number', '=', wanted)
        .executeTakeFirst();
      if (steer && (steer.remaining === null || steer.remaining > 0)) {
        if (steer.remaining !== null)
          await db
            .updateTable('identity_sandbox_outcome')
            .set({ remaining: steer.remaining - 1 })
            .where('id_number', '=', wanted)
            .execute();
        if (steer.outcome !== 'pass') return { passed: false, failure: steer.outcome, vendorReference };
      }
      return { passed: true, vendorReference };
    },
    async steer(tx, s) {
      const values = {
        id_number: s.idNumber.trim().toUpperCase(),
        outcome: s.outcome,
        remaining: s.remaining,
        set_by: s.setBy,
        set_at: s.setAt,
      };
      await tx
        .insertInto('identity_sandbox_outcome')
        .values(values)
        .onConflict((oc) =>
          oc.column('id_number').doUpdateSet({
            outcome: values.outcome,
            remaining: values.remaining,
            set_by: values.set_by,
            set_at: values.set_at,
          }),
        )
        .execute();
    },
    async steers(db) {
      const rows = await db
        .selectFrom('identity_sandbox_outcome')
        .selectAll()
        .orderBy('set_at', 'desc')
        .execute();
      return rows.map((r) => ({
        idNumber: r.id_number,
        outcome: r.outcome,
        remaining: r.remaining,
        setBy: r.set_by,
        setAt: r.set_at,
      }));
    },
  };
}

export const isSandboxVerification = (g: VerificationGateway): g is SandboxVerificationGateway =>
  'steer' in g && typeof (g as Partial<SandboxVerificationGateway>).steer === 'function';
