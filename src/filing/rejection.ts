/**
 * 驳回 — a reviewer's rejection (初审 at the provider, or the bureau): who, when, and the field-level
 * reasons the applicant sees next to the fields. Stored with the application (`application.rejection`).
 */
import type { Localized } from './field-errors.ts';

/** 驳回原因 — one field-level reason a reviewer gave. */
export type RejectionReason = { path: string; message: Localized };

/** 驳回 — who rejected (初审 or 管局), when, and why. */
export type Rejection = { by: 'provider' | 'bureau'; at: string; reasons: RejectionReason[] };
