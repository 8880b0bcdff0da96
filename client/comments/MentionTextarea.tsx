import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import { api, type Member } from '../api'
import { useSession } from '../session'
import { useTranslation } from 'react-i18next'
import { mentionAt, membersMatching } from '../../shared/comments/mentions'

/** Each group's members, fetched once per page (every thread card's reply box shares them). */
const membersByGroup = new Map<string, Promise<Member[]>>()
function useMembers(groupId: string): Member[] {
  const [members, setMembers] = useState<Member[]>([])
  useEffect(() => {
    let live = true
    let request = membersByGroup.get(groupId)
    if (!request) {
      request = api.members(groupId)
      membersByGroup.set(groupId, request)
      // A failed fetch is tried again by the next box that needs it.
      request.catch(() => membersByGroup.delete(groupId))
    }
    request.then((m) => live && setMembers(m), () => undefined)
    return () => {
      live = false
    }
  }, [groupId])
  return members
}

/**
 * A comment textarea that completes @mentions: typing "@" and the start of a name or delegation
 * lists the group's matching members (name and delegation, as the server lists them to this
 * person); ArrowUp/ArrowDown move, Enter or Tab choose, Escape closes, a click chooses too. Choosing
 * writes "@Full Name ", the exact text the server recognises as a mention. ARIA 1.2 combobox pattern.
 */
export function MentionTextarea(props: {
  label: string
  groupId: string
  value: string
  onChange: (value: string) => void
  rows?: number
  autoFocus?: boolean
  /** Takes the focus, without scrolling the page, whenever this value changes (a new draft beside its passage). */
  focusOn?: unknown
}) {
  const me = useSession()
  const { t } = useTranslation()
  const id = useId()
  const listId = `${id}-list`
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    if (props.focusOn !== undefined) ref.current?.focus({ preventScroll: true })
  }, [props.focusOn])
  const members = useMembers(props.groupId).filter((m) => m.userId !== me.user.id)
  const [caret, setCaret] = useState(0)
  const [active, setActive] = useState(0)
  /** The "@" the person closed the list at with Escape: it stays closed until they type another. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)

  const typing = mentionAt(props.value, caret)
  const options = typing && typing.at !== dismissedAt ? membersMatching(typing.query, members) : []
  const open = options.length > 0
  const current = Math.min(active, options.length - 1)

  const track = (el: HTMLTextAreaElement) => {
    setCaret(el.selectionStart)
    setActive(0)
  }
  const choose = (m: Member) => {
    if (!typing) return
    const inserted = `@${m.name} `
    const next = props.value.slice(0, typing.at) + inserted + props.value.slice(caret)
    const at = typing.at + inserted.length
    props.onChange(next)
    setCaret(at)
    // This "@" is done: the list must not reopen on the name just written.
    setDismissedAt(typing.at)
    // The caret goes after the mention as soon as the new value is written (the layout effect below),
    // before the next key is handled: a frame later, keys typed meanwhile would land in the wrong place.
    caretAfterWrite.current = at
  }
  const caretAfterWrite = useRef<number | null>(null)
  useLayoutEffect(() => {
    const at = caretAfterWrite.current
    if (at === null || !ref.current) return
    caretAfterWrite.current = null
    ref.current.focus()
    ref.current.setSelectionRange(at, at)
  }, [props.value])
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((current + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length)
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault()
      choose(options[current])
    } else if (e.key === 'Escape') {
      // Closes the list only, not the form or panel around it.
      e.preventDefault()
      e.stopPropagation()
      setDismissedAt(typing!.at)
    }
  }

  return (
    <div className="mention">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        ref={ref}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.target.value)
          track(e.target)
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(e) => e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && setCaret(e.currentTarget.selectionStart)}
        onClick={(e) => track(e.currentTarget)}
        onBlur={() => setDismissedAt(typing?.at ?? null)}
        onFocus={() => setDismissedAt(null)}
        maxLength={5000}
        required
        rows={props.rows}
        autoFocus={props.autoFocus}
        role="combobox"
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? `${listId}-${current}` : undefined}
      />
      <ul id={listId} role="listbox" aria-label={t('commentsPanel.membersToMention')} className="mention__list" hidden={!open}>
        {options.map((m, i) => (
          <li
            key={m.userId}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'mention__option mention__option--active' : 'mention__option'}
            // mousedown, not click: the textarea keeps the focus and the caret.
            onMouseDown={(e) => {
              e.preventDefault()
              choose(m)
            }}
            onMouseEnter={() => setActive(i)}
          >
            <span className="mention__name">{m.name}</span>
            {m.delegation && <span className="mention__delegation">{m.delegation}</span>}
          </li>
        ))}
      </ul>
    </div>
  )
}
