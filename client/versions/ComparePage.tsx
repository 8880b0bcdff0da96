import { useEffect, useMemo, useState } from 'react'
import type { CompareBlock, CompareResult } from '../../shared/versions/types'
import type { ProposalView } from '../../shared/amendments/types'
import { colorForUser } from '../../shared/presence'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { versionTitle } from './format'
import { nameWithDelegation } from '../../shared/comments/format'

/** Two versions (or a version and now) side by side in one text: insertions and deletions inline, by paragraph, with who made them. */
export function ComparePage({ docId, from, to }: { docId: string; from: string; to: string }) {
  const [result, setResult] = useState<CompareResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [showAll, setShowAll] = useState(false)

  useEffect(() => {
    setResult(null)
    api
      .compare(docId, from, to)
      .then((r) => {
        setResult(r)
        document.title = `Compare versions · Plenary`
      })
      .catch((e: Error) => setError(e.message))
  }, [docId, from, to])

  const names = useMemo(() => new Map((result?.authors ?? []).map((a) => [a.id, nameWithDelegation(a)])), [result])
  const changed = result?.blocks.filter((b) => b.status !== 'same') ?? []
  const shown = showAll ? (result?.blocks ?? []) : changed

  return (
    <main className="page compare">
      <p>
        <a href={`#/d/${docId}/history`}>← Version history</a>
      </p>
      <h1>Compare versions</h1>
      <ErrorText error={error} />
      {result && (
        <>
          <p data-testid="compare-range">
            From <strong>{versionTitle(result.from)}</strong> to <strong>{versionTitle(result.to)}</strong>
          </p>
          <section aria-labelledby="compare-authors" className="compare__legend">
            <h2 id="compare-authors">Changes by</h2>
            {result.authors.length === 0 && result.unattributed.inserted + result.unattributed.deleted === 0 && <p>No changes between these versions.</p>}
            <ul>
              {result.authors.map((a) => (
                <li key={a.id} data-testid="compare-author">
                  <span className="compare__swatch" style={{ background: colorForUser(a.id) }} aria-hidden="true" />
                  {nameWithDelegation(a)}: {a.inserted} characters inserted, {a.deleted} deleted
                </li>
              ))}
              {result.unattributed.inserted + result.unattributed.deleted > 0 && (
                <li>
                  Not attributed (made before attribution was recorded, or by the server): {result.unattributed.inserted} inserted,{' '}
                  {result.unattributed.deleted} deleted
                </li>
              )}
            </ul>
          </section>
          {result.decisions.length > 0 && (
            <section aria-labelledby="compare-decisions" className="compare__legend">
              <h2 id="compare-decisions">Proposals decided</h2>
              <ul>
                {result.decisions.map((d) => (
                  <li key={d.id} data-testid="compare-decision">
                    <strong>{DECISION_TEXT[d.state as keyof typeof DECISION_TEXT] ?? d.state}</strong>: {d.delegation ?? d.author.name}
                    {d.paraRef ? `, para ${d.paraRef}` : ''} — {proposalSummary(d)}
                    {d.reason ? ` (${d.reason})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
            Show unchanged paragraphs too
          </label>
          <p className="muted">
            {changed.length} of {result.blocks.length} paragraphs changed.
          </p>
          <ol className="compare__blocks" aria-label="Paragraphs">
            {shown.map((block, i) => (
              <CompareRow key={i} block={block} names={names} />
            ))}
          </ol>
        </>
      )}
    </main>
  )
}

const DECISION_TEXT = { accepted: 'Accepted', rejected: 'Rejected', withdrawn: 'Withdrawn' } as const

/** What a proposal changes, in words. */
function proposalSummary(p: ProposalView): string {
  return [p.inserted && `insert “${p.inserted}”`, p.deleted && `delete “${p.deleted}”`, p.formatted && `reformat “${p.formatted}”`].filter(Boolean).join('; ')
}

const STATUS_TEXT = { same: '', changed: 'changed', inserted: 'new paragraph', deleted: 'paragraph deleted' } as const

function CompareRow({ block, names }: { block: CompareBlock; names: Map<string, string> }) {
  const who = (id: string | null) => (id ? (names.get(id) ?? 'someone') : 'not attributed')
  return (
    <li className={`compare__block compare__block--${block.status} compare__block--${block.type}`} data-testid="compare-block" data-ref={block.ref ?? ''}>
      <span className="compare__ref">{block.ref ? `¶ ${block.ref}` : ''}</span>
      {block.status !== 'same' && <span className="sr-only">{STATUS_TEXT[block.status]}: </span>}
      <span className="compare__text">
        {block.label && <span className="compare__label">{block.label} </span>}
        {block.segments.map((s, i) => {
          if (s.change === 'same') return <span key={i}>{s.text}</span>
          const style = { borderBottomColor: s.by ? colorForUser(s.by) : '#6b7280' }
          const title = `${s.change === 'inserted' ? 'Inserted' : 'Deleted'} by ${who(s.by)}`
          return s.change === 'inserted' ? (
            <ins key={i} title={title} style={style} data-by={s.by ?? ''}>
              <span className="sr-only">[inserted by {who(s.by)}: </span>
              {s.text}
              <span className="sr-only">]</span>
            </ins>
          ) : (
            <del key={i} title={title} style={style} data-by={s.by ?? ''}>
              <span className="sr-only">[deleted by {who(s.by)}: </span>
              {s.text}
              <span className="sr-only">]</span>
            </del>
          )
        })}
      </span>
    </li>
  )
}
