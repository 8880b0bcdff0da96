import { useState, type FormEvent } from 'react'
import type { Identity } from '../../shared/types'
import { randomCaretColor } from './identity'

/** Asks once for the name and delegation shown on this person's caret and in "online now". */
export function IdentityForm({ initial, onSave }: { initial?: Identity | null; onSave: (identity: Identity) => void }) {
  const [name, setName] = useState(initial?.name ?? '')
  const [delegation, setDelegation] = useState(initial?.delegation ?? '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!name.trim() || !delegation.trim()) return
    onSave({ name: name.trim(), delegation: delegation.trim(), color: initial?.color ?? randomCaretColor() })
  }
  return (
    <form className="card identity-form" onSubmit={submit} aria-labelledby="identity-title">
      <h1 id="identity-title">Welcome to Plenary</h1>
      <p>Enter the name and delegation other members will see next to your cursor.</p>
      <label>
        Your name
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoFocus />
      </label>
      <label>
        Delegation
        <input name="delegation" value={delegation} onChange={(e) => setDelegation(e.target.value)} required maxLength={80} placeholder="e.g. Switzerland" />
      </label>
      <button type="submit">Continue</button>
    </form>
  )
}
