import net from 'node:net'

/** Hostile request targets: what `new URL()` rejects, bad escapes, absolute and authority forms, long and raw bytes. */
const TARGETS = [
  '//[', '//[::1', '//[/api/me', 'http://[', 'http://[::1', '//%', '/%', '/%E0%A4%A', '/api/documents/%zz', '/api/documents/%E0%A4%A/threads',
  '/api/threads/%ff%fe', '/collab/%', '/collab/%2e%2e%2fplenary.db', '/collab/' + 'a'.repeat(70), '/api/../../etc/passwd',
  '/..%2f..%2fetc%2fpasswd', '/assets/%00.js', '/api/me?%', '/api/events?since=%ff', 'http://evil.example/api/me', 'https://[::1]:99999/',
  'example.org:443', 'localhost:80', '*', '', '?', '#', '/api/me#frag', 'http:', 'http://', 'file:///etc/passwd', 'javascript:alert(1)',
  '/api/invitations/%', '/api/documents?groupId=%', '/\\\\evil', '/api/documents/' + '%41'.repeat(2000),
]
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'CONNECT', 'TRACE', 'FOO', 'get', 'G\u0000T', 'M'.repeat(300), 'PRI']
const HEADER_VALUES = [
  '', ' ', '%', '%zz', '50%off', '\u00ff\u00fe', 'a'.repeat(9000), '//[', 'Bearer ', 'Bearer %', 'Bearer ' + 'x'.repeat(500), 'Basic Og==',
  '-1', '99999999999999999999', 'NaN', 'chunked', 'gzip;q=abc', 'null', 'http://[', 'websocket', 'Upgrade', '\u0001\u0002',
]
const HEADER_NAMES = [
  'Cookie', 'Authorization', 'Content-Length', 'Content-Type', 'Transfer-Encoding', 'Origin', 'Host', 'Accept-Encoding', 'Upgrade',
  'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'X-CSRF-Token', 'Last-Event-ID', 'X-Forwarded-Proto', 'X-Forwarded-For', 'Range',
]

/** One raw HTTP request built from a seeded generator: request line, a few headers, sometimes a body. */
export function hostileRequest(rand: () => number, i: number): { kind: string; bytes: Buffer } {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]
  const method = i % 5 === 0 ? pick(METHODS) : 'GET'
  const target = i % 7 === 3 ? `/api/${Buffer.from(Array.from({ length: 8 }, () => Math.floor(rand() * 256))).toString('latin1')}` : pick(TARGETS)
  const version = i % 13 === 0 ? pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'HTTX/1.1', '']) : 'HTTP/1.1'
  const headers: string[] = ['Host: 127.0.0.1']
  const count = Math.floor(rand() * 4)
  for (let h = 0; h < count; h++) headers.push(`${pick(HEADER_NAMES)}: ${pick(HEADER_VALUES)}`)
  if (i % 11 === 0) headers.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==')
  let body = ''
  if (i % 9 === 0) {
    body = pick(['{', '{"email":1}', 'x'.repeat(100), '0\r\n\r\n', 'zz\r\nbad chunk\r\n'])
    headers.push(pick(['Content-Type: application/json', 'Content-Type: text/plain']), i % 2 ? `Content-Length: ${body.length}` : 'Transfer-Encoding: chunked')
  }
  const kind = `${method.slice(0, 12)} ${target.slice(0, 40)}`
  return { kind, bytes: Buffer.from(`${method} ${target} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, 'latin1') }
}

/** Sends raw bytes on a new TCP connection and resolves with the status code answered (0: closed without an answer). */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 3000): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer)
      resolve(match ? Number(match[1]) : 0)
    }
    const timer = setTimeout(done, timeoutMs)
    socket.on('data', (d) => {
      answer += d.toString('latin1')
      if (/^HTTP\/1\.[01] \d{3}/.test(answer)) done()
    })
    socket.on('error', done)
    socket.on('close', done)
    socket.write(bytes)
  })
}
