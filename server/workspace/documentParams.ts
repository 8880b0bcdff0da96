import { z } from 'zod'

/** The params of a route on one document: `:id` in the path. */
export const DocumentParams = z.object({ id: z.string().min(1) })

/** The params of a route on one version of a document. */
export const VersionParams = DocumentParams.extend({ versionId: z.string().min(1) })
