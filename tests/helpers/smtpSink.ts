import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

/** A real SMTP server on 127.0.0.1, port 0, that keeps every message it receives (or refuses them while `refuse` is set). */
export interface SmtpSink {
  url: string
  messages: ReceivedMail[]
  refuse: boolean
  close(): Promise<void>
}

/** Starts a local SMTP server (no TLS, no authentication) for tests of the e-mail Plenary sends. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink = { messages: [] as ReceivedMail[], refuse: false } as SmtpSink
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!sink.refuse) return callback()
      callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        sink.messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return sink
}

/** The decoded body of a message's part of this content type (text/plain or text/html), quoted-printable or base64. */
export function partOf(raw: string, contentType: 'text/plain' | 'text/html'): string {
  const start = raw.search(new RegExp(`Content-Type: ${contentType}`, 'i'))
  if (start === -1) throw new Error(`no ${contentType} part`)
  const part = raw.slice(start)
  const headerEnd = part.indexOf('\r\n\r\n')
  const headers = part.slice(0, headerEnd)
  const body = part.slice(headerEnd + 4).split(/\r\n--/)[0]
  const encoding = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding !== 'quoted-printable') return body
  return decodeURIComponent(body.replace(/=\r\n/g, '').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/gi, '%$1'))
}

/** A header of a message, decoded when it is an RFC 2047 encoded word. */
export function headerOf(raw: string, name: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ')
  const value = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? ''
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeURIComponent(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')))
}
