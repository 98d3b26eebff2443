/** The per-address request limits the routes name; counted in the database by src/accounts (issue 14). */
export type { RateLimit, RateLimitName, RateLimiter, RateLimiters } from '../accounts/index.ts';
export { createRateLimiters } from '../accounts/index.ts';
