import net from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import type { TestServer } from './testServer.js'
import { openDocumentAs } from './editorPage.js'

/**
 * A TCP proxy in front of a test server that a test can unplug: every open connection is cut
 * and new ones are refused until it is plugged back in. This is "closing the network" for one
 * browser while everyone else stays online.
 */
export async function networkCable(targetPort: number) {
  const sockets = new Set<net.Socket>()
  let plugged = true
  const server = net.createServer((client) => {
    if (!plugged) return void client.destroy()
    const upstream = net.connect(targetPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const unplug = () => {
    plugged = false
    for (const s of sockets) s.destroy()
  }
  return {
    url: `http://127.0.0.1:${port}`,
    unplug,
    plugIn: () => void (plugged = true),
    close: () => new Promise<void>((resolve) => (unplug(), server.close(() => resolve()))),
  }
}

/**
 * The Swiss delegate's page behind a cable the test can unplug, and the Brazilian delegate's page
 * online, both on one document and synced: one person goes offline while another keeps working.
 */
export async function onlineAndUnpluggable(browser: Browser, server: TestServer, docId: string) {
  const cable = await networkCable(server.port)
  const alice = await openDocumentAs(browser, cable.url, docId, server.people.swiss)
  const bruno = await openDocumentAs(browser, server.url, docId, server.people.brazil)
  return { cable, alice, bruno }
}
