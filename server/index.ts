import { loadConfig } from './config.js'
import { createServer } from './createServer.js'

/** Entry point: read the configuration, start the server, stop cleanly on SIGTERM / SIGINT. */
const config = loadConfig()
const server = await createServer(config)
process.stdout.write(`Plenary is running at ${server.url}\n`)

const stop = async (signal: string) => {
  process.stderr.write(`${signal}: storing everything and closing connections (1012)\n`)
  await server.close()
  process.exit(0)
}
process.once('SIGTERM', () => void stop('SIGTERM'))
process.once('SIGINT', () => void stop('SIGINT'))
