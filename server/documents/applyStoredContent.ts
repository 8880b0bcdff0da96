import * as Y from 'yjs'
import type { StoredContent } from '../persistence/Storage.js'

/** Applies a document's snapshot and later updates to doc, merged first so Yjs integrates once. */
export function applyStoredContent(doc: Y.Doc, stored: StoredContent): void {
  const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
  if (parts.length) Y.applyUpdate(doc, parts.length === 1 ? parts[0] : Y.mergeUpdates(parts))
}
