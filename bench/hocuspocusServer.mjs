// Hocuspocus 3 as a reference server for the benchmark: defaults, in memory, no extensions.
import { Server } from '@hocuspocus/server'

const server = new Server({ port: Number(process.env.PORT), address: '127.0.0.1', quiet: true })
await server.listen()
console.log(`hocuspocus listening on ${process.env.PORT}`)
