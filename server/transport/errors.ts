/** A frame that would grow the document or an awareness state past its limit; closes with tooLarge (4413). */
export class TooLargeError extends Error {}

/** An update bringing new content under a Yjs client id that belongs to another user; closes with foreignAuthor (4409). */
export class ForeignAuthorError extends Error {}

/** An update with content the document schema does not have; closes with schemaViolation (4422). */
export class SchemaViolationError extends Error {}

/** A user's updates cost more than MAX_STRUCTS_PER_SECOND allows right now; closes with rateLimited (4529). */
export class OverBudgetError extends Error {}
