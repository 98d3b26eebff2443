/**
 * Setting a header on an answer that is already made (middleware after `await next()`). Hono's
 * `c.header()` at that point rebuilds the Response for every header it sets, and on
 * @hono/node-server that turns the lightweight response (a string body written in one go) into a
 * native Response whose body is then streamed: measured by `npm run bench:http`, the nine headers
 * the middleware adds to every answer were a large share of a precheck's time. The app's answers
 * are its own, with mutable headers, so the header is set in place; a response whose headers are
 * immutable (one from fetch()) goes the Hono way.
 */

/** What of Hono's Context this needs (any Env: the API's and the pages' middleware use it). */
type Answered = { readonly res: Response; header(name: string, value: string): void };

export function setAnswerHeader(c: Answered, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
