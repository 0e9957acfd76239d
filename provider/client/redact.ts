// Servers sometimes echo what they were sent ("unknown access key AK..."). Text from the API is
// passed through this before it goes into an error message, so no credential reaches logs.
export type Redactor = (text: string) => string;

/** Values shorter than this are left alone: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;

export function redactorFor(secrets: Array<string | undefined>): Redactor {
  const values = [...new Set(secrets.filter((value): value is string => !!value && value.length >= MIN_SECRET_LENGTH))]
    // Longest first, so a secret that contains another is hidden whole.
    .sort((a, b) => b.length - a.length);
  return (text) => values.reduce((result, value) => result.split(value).join("***"), text);
}
