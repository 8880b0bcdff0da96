/** An error message announced to screen readers, or nothing. */
export function ErrorText({ error }: { error: string | null | undefined }) {
  if (!error) return null
  return (
    <p role="alert" className="error">
      {error}
    </p>
  )
}
