/** A frame that would grow the document or an awareness state past its limit; closes with tooLarge (4413). */
export class TooLargeError extends Error {}
