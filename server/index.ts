import { loadConfig } from './config.js'
import { createServer } from './createServer.js'
import { createLogger } from './logger.js'
import { installProcessGuard } from './processGuard.js'

/** Entry point: read the configuration, start the server, stop cleanly on SIGTERM / SIGINT. */
const config = loadConfig()
installProcessGuard(createLogger(config.LOG_LEVEL))
const server = await createServer(config)
process.stdout.write(`Plenary is running at ${server.url}\n`)
if (server.exampleSignInLinks.length) {
  process.stdout.write('\nExample accounts were created. One-time sign-in links (valid for a day):\n')
  for (const link of server.exampleSignInLinks) process.stdout.write(`  ${link.role.padEnd(9)} ${`${link.name} (${link.delegation})`.padEnd(34)} ${link.url}\n`)
  process.stdout.write('More links later: npm run admin -- sign-in-link --email <email>\n\n')
}

const stop = async (signal: string) => {
  process.stderr.write(`${signal}: storing everything and closing connections (1012)\n`)
  await server.close()
  process.exit(0)
}
process.once('SIGTERM', () => void stop('SIGTERM'))
process.once('SIGINT', () => void stop('SIGINT'))
