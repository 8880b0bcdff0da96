import { useEffect, useMemo, useState } from 'react'
import type { TFunction } from 'i18next'
import { Trans, useTranslation } from 'react-i18next'
import type { CompareBlock, CompareResult } from '../../shared/versions/types'
import type { ProposalView } from '../../shared/amendments/types'
import { colorForUser } from '../../shared/presence'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { versionTitle } from './format'
import { nameWithDelegation } from '../../shared/comments/format'
import { errorMessage } from '../i18n/errorMessage'

/** Two versions (or a version and now) side by side in one text: insertions and deletions inline, by paragraph, with who made them. */
export function ComparePage({ docId, from, to }: { docId: string; from: string; to: string }) {
  const [result, setResult] = useState<CompareResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [showAll, setShowAll] = useState(false)
  const { t } = useTranslation()

  useEffect(() => {
    setResult(null)
    api
      .compare(docId, from, to)
      .then(setResult)
      .catch((e: unknown) => setError(errorMessage(e)))
  }, [docId, from, to])
  useEffect(() => {
    if (result) document.title = t('versions.compareView.pageTitle')
  }, [result, t])

  const names = useMemo(() => new Map((result?.authors ?? []).map((a) => [a.id, nameWithDelegation(a)])), [result])
  const changed = result?.blocks.filter((b) => b.status !== 'same') ?? []
  const shown = showAll ? (result?.blocks ?? []) : changed

  return (
    <main className="page compare">
      <p>
        <a href={`#/d/${docId}/history`}>{t('versions.backToHistory')}</a>
      </p>
      <h1>{t('versions.compareView.title')}</h1>
      <ErrorText error={error} />
      {result && (
        <>
          <p data-testid="compare-range">
            <Trans i18nKey="versions.compareView.range" values={{ from: versionTitle(t, result.from), to: versionTitle(t, result.to) }} components={{ strong: <strong /> }} />
          </p>
          <section aria-labelledby="compare-authors" className="compare__legend">
            <h2 id="compare-authors">{t('versions.compareView.changesBy')}</h2>
            {result.authors.length === 0 && result.unattributed.inserted + result.unattributed.deleted === 0 && <p>{t('versions.compareView.noChanges')}</p>}
            <ul>
              {result.authors.map((a) => (
                <li key={a.id} data-testid="compare-author">
                  <span className="compare__swatch" style={{ background: colorForUser(a.id) }} aria-hidden="true" />
                  {t('versions.compareView.byAuthor', { name: nameWithDelegation(a), inserted: a.inserted, deleted: a.deleted })}
                </li>
              ))}
              {result.unattributed.inserted + result.unattributed.deleted > 0 && (
                <li>
                  {t('versions.compareView.unattributed', { inserted: result.unattributed.inserted, deleted: result.unattributed.deleted })}
                </li>
              )}
            </ul>
          </section>
          {result.decisions.length > 0 && (
            <section aria-labelledby="compare-decisions" className="compare__legend">
              <h2 id="compare-decisions">{t('versions.compareView.decided')}</h2>
              <ul>
                {result.decisions.map((d) => (
                  <li key={d.id} data-testid="compare-decision">
                    <strong>{d.state in DECISION_TEXT ? t(DECISION_TEXT[d.state as keyof typeof DECISION_TEXT]) : d.state}</strong>: {d.delegation ?? d.author.name}
                    {d.paraRef ? `, ${t('versions.compareView.para', { paragraph: d.paraRef })}` : ''} — {proposalSummary(t, d)}
                    {d.reason ? ` (${d.reason})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
            {t('versions.compareView.showUnchanged')}
          </label>
          <p className="muted">
            {t('versions.compareView.changedCount', { changed: changed.length, count: result.blocks.length })}
          </p>
          <ol className="compare__blocks" aria-label={t('versions.compareView.paragraphs')}>
            {shown.map((block, i) => (
              <CompareRow key={i} block={block} names={names} />
            ))}
          </ol>
        </>
      )}
    </main>
  )
}

/** How each decided proposal ended, as message keys. */
const DECISION_TEXT = { accepted: 'versions.compareView.accepted', rejected: 'versions.compareView.rejected', withdrawn: 'versions.compareView.withdrawn' } as const

/** What a proposal changes, in words. */
function proposalSummary(t: TFunction, p: ProposalView): string {
  return [
    p.inserted && t('versions.compareView.insert', { text: p.inserted }),
    p.deleted && t('versions.compareView.delete', { text: p.deleted }),
    p.formatted && t('versions.compareView.reformat', { text: p.formatted }),
  ]
    .filter(Boolean)
    .join('; ')
}

/** What screen readers hear before a changed paragraph, as message keys. */
const STATUS_TEXT = { changed: 'versions.compareView.changed', inserted: 'versions.compareView.newParagraph', deleted: 'versions.compareView.paragraphDeleted' } as const

function CompareRow({ block, names }: { block: CompareBlock; names: Map<string, string> }) {
  const { t } = useTranslation()
  const who = (id: string | null) => (id ? (names.get(id) ?? t('versions.compareView.someone')) : t('versions.compareView.notAttributed'))
  return (
    <li className={`compare__block compare__block--${block.status} compare__block--${block.type}`} data-testid="compare-block" data-ref={block.ref ?? ''}>
      <span className="compare__ref">{block.ref ? `¶ ${block.ref}` : ''}</span>
      {block.status !== 'same' && <span className="sr-only">{t(STATUS_TEXT[block.status])}: </span>}
      <span className="compare__text">
        {block.label && <span className="compare__label">{block.label} </span>}
        {block.segments.map((s, i) => {
          if (s.change === 'same') return <span key={i}>{s.text}</span>
          const style = { borderBottomColor: s.by ? colorForUser(s.by) : '#6b7280' }
          const title = t(s.change === 'inserted' ? 'versions.compareView.insertedBy' : 'versions.compareView.deletedBy', { name: who(s.by) })
          return s.change === 'inserted' ? (
            <ins key={i} title={title} style={style} data-by={s.by ?? ''}>
              <span className="sr-only">[{t('versions.compareView.insertedByShort', { name: who(s.by) })}: </span>
              {s.text}
              <span className="sr-only">]</span>
            </ins>
          ) : (
            <del key={i} title={title} style={style} data-by={s.by ?? ''}>
              <span className="sr-only">[{t('versions.compareView.deletedByShort', { name: who(s.by) })}: </span>
              {s.text}
              <span className="sr-only">]</span>
            </del>
          )
        })}
      </span>
    </li>
  )
}
