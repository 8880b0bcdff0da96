import net from 'node:net'

/**
 * A round-robin TCP load balancer for trying a cluster on one machine and for its tests (in
 * production use HAProxy or nginx; see the README). Each new connection, HTTP or websocket, goes to
 * the next node that accepts it; a node that refuses is skipped, so killing one sends its clients'
 * reconnections to the others. No stickiness: every node serves every document.
 */
export class RoundRobinProxy {
  private next = 0
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()

  constructor(private readonly backends: Array<{ host: string; port: number }>) {
    this.server = net.createServer((client) => this.route(client))
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve))
    return (this.server.address() as net.AddressInfo).port
  }

  private route(client: net.Socket, tried = 0): void {
    this.sockets.add(client)
    client.once('close', () => this.sockets.delete(client))
    client.pause()
    const backend = this.backends[this.next++ % this.backends.length]
    const upstream = net.connect(backend.port, backend.host)
    upstream.once('connect', () => {
      this.sockets.add(upstream)
      upstream.once('close', () => this.sockets.delete(upstream))
      client.pipe(upstream).pipe(client)
      client.resume()
      const end = () => {
        client.destroy()
        upstream.destroy()
      }
      client.once('error', end).once('close', end)
      upstream.once('error', end).once('close', end)
    })
    upstream.once('error', () => {
      if (upstream.readyState === 'opening' || !upstream.remoteAddress) {
        // That node is down: the next one, until all were tried.
        if (tried + 1 < this.backends.length && !client.destroyed) this.route(client, tried + 1)
        else client.destroy()
      }
    })
  }

  /** Stops accepting and cuts every open connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
