/**
 * 个人号码遮蔽 — masks what could be a certificate number, a phone number or an SMS code in free text
 * before it reaches a log. Logs are kept, copied and read by more people than the database: PIPL art.
 * 51 asks for de-identification where the purpose allows, and an operator needs the shape of a value,
 * never the value. Any run of six or more digits (single spaces or hyphens between them allowed, as
 * phones are written) is one of these or harmless to lose: a resident ID (18), a mobile (11), an SMS
 * code (6), a passport or business licence number. ISO dates are kept.
 */
const DIGIT_RUN = /\d(?:[ -]?\d){5,}/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every such run masked: the first 3 and last 2 digits of one of 11 or more kept, shorter ones wholly. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    if (ISO_DATE.test(run)) return run;
    const digits = run.replace(/[ -]/g, '');
    return digits.length >= 11
      ? `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`
      : '*'.repeat(digits.length);
  });
}
