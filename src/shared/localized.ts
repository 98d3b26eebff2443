/** A text in both of beian's languages: Simplified Chinese first, English second. */
export type Localized = { zh: string; en: string };
