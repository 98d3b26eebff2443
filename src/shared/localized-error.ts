import type { Localized } from './localized.ts';

/** An error a user caused and can fix, with its message in both of beian's languages. */
export class LocalizedError extends Error {
  readonly messages: Localized;
  constructor(messages: Localized) {
    super(messages.en);
    this.name = new.target.name;
    this.messages = messages;
  }
}
