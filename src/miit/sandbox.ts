/**
 * 工信部沙箱 — the embedded MIIT: `MiitGateway` on beian's own database. Approvals write the national
 * registry tables the verification engine already reads (filed_subject, filed_website…), so a filing
 * approved here is "filed elsewhere" to the next applicant, exactly as with the real MIIT.
 */
import type { Kysely } from 'kysely';
import { writeTransaction } from '../store/index.ts';
import type { PolicyData } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import type { Schema } from '../store/index.ts';
import type { MiitGateway } from './gateway.ts';
import {
  cancelApp,
  publicAppQuery,
  recordAppApproval,
  recordAppChange,
  setSelfAppAccess,
} from './app-registry.ts';
import { publicQuery } from './public-query.ts';
import {
  cancelFiling,
  recordApproval,
  recordSubjectChange,
  recordWebsiteChange,
  setSelfAccess,
} from './registry.ts';
import { readSmsOutbox, readSmsStatus, resendSmsCode, sendSmsCodes, verifySmsCode } from './sms.ts';
import type { OutboxMessage, SmsSecret } from './sms.ts';

type SandboxGatewayOptions = {
  database: Database;
  policy: PolicyData;
  /** Key for the SMS code hashes: per deployment, at least 16 bytes, kept out of the database. */
  smsSecret: SmsSecret;
};

/** The sandbox gateway plus what only a sandbox has: the SMS outbox. */
export type SandboxGateway = MiitGateway & {
  readOutbox(
    filter?: { applicationId?: number; phone?: string; limit?: number },
    tx?: Kysely<Schema>,
  ): Promise<OutboxMessage[]>;
};

export function createSandboxGateway(options: SandboxGatewayOptions): SandboxGateway {
  const { database, policy, smsSecret } = options;
  // In the caller's transaction when given one; else in our own, write lock first (store/transaction.ts).
  const write = <T>(tx: Kysely<Schema> | undefined, work: (tx: Kysely<Schema>) => Promise<T>): Promise<T> =>
    tx ? work(tx) : writeTransaction(database, work);
  const read = (tx: Kysely<Schema> | undefined): Kysely<Schema> => tx ?? database.kysely;
  return {
    issueNumbers: (request, tx) => write(tx, (db) => recordApproval(db, policy, request)),
    setAccess: (websiteNumber, access, tx) => write(tx, (db) => setSelfAccess(db, websiteNumber, access)),
    cancel: (number, tx) => write(tx, (db) => cancelFiling(db, policy, number)),
    changeWebsite: (change, tx) => write(tx, (db) => recordWebsiteChange(db, change)),
    changeSubject: (change, tx) => write(tx, (db) => recordSubjectChange(db, change)),
    sendSmsVerification: (request, tx) => write(tx, (db) => sendSmsCodes(db, smsSecret, request)),
    resendSmsCode: (request, tx) => write(tx, (db) => resendSmsCode(db, smsSecret, request)),
    verifySmsCode: (request, tx) => write(tx, (db) => verifySmsCode(db, smsSecret, request)),
    smsStatus: (request, tx) => readSmsStatus(read(tx), request.applicationId, request.now),
    publicQuery: (query, tx) => publicQuery(read(tx), policy, query),
    readOutbox: (filter, tx) => readSmsOutbox(read(tx), filter),
    issueAppNumbers: (request, tx) => write(tx, (db) => recordAppApproval(db, request)),
    cancelApp: (number, tx) => write(tx, (db) => cancelApp(db, policy, number)),
    publicAppQuery: (query, tx) => publicAppQuery(read(tx), policy, query),
    changeApp: (change, tx) => write(tx, (db) => recordAppChange(db, policy, change)),
    setAppAccess: (number, access, tx) => write(tx, (db) => setSelfAppAccess(db, policy, number, access)),
  };
}
