/** An error a user caused and can fix, with its message in both of beian's languages. */
export class LocalizedError extends Error {
  readonly messages: { zh: string; en: string };
  constructor(messages: { zh: string; en: string }) {
    super(messages.en);
    this.name = new.target.name;
    this.messages = messages;
  }
}
